import { expect, test } from "@playwright/test";
import { as, day, waitForHydration } from "./helpers";

// Attestation (issue 15): HR schedules a session for an officer due, the three members vote
// (one recuses), the chair records the conclusion, and the minutes show it in both languages.

test("an attestation session produces a conclusion and its minutes", async ({ browser }) => {
  test.setTimeout(90_000);
  const hr = await as(browser, "hr");
  await hr.goto("/attestation");
  await waitForHydration(hr);
  await expect(hr.getByTestId("sessions").locator("tbody tr")).not.toHaveCount(0);
  const form = hr.getByTestId("schedule-form");
  await form.getByTestId("due").locator("input[type=checkbox]").first().check();
  await form.locator("#field-held_on").fill(day(0));
  await form.locator("#field-place").fill("მერიის სხდომათა დარბაზი");
  for (const box of await form.locator("input[name^=member]").all()) await box.check();
  await form.locator("input[name=chair]").first().check();
  await form.locator("button[type=submit]").click();
  await expect(hr).toHaveURL(/\/attestation\/\d+$/);
  const url = hr.url();

  const votes: [string, string, string][] = [
    ["commission", "fits_position", ""],
    ["commission2", "fits_position", ""],
    ["commission3", "recused", "ვმუშაობ იმავე სამსახურში."],
  ];
  const pages = [];
  for (const [user, vote, note] of votes) {
    const member = await as(browser, user as "commission");
    await member.goto(url);
    await waitForHydration(member);
    const voteForm = member.getByTestId("vote-form").first();
    await voteForm.getByTestId(`vote-${vote}`).check();
    if (note) await voteForm.locator("textarea[name=note]").fill(note);
    await voteForm.locator("button[type=submit]").click();
    await expect(member.getByTestId("votes").first()).toContainText(vote === "recused" ? "აცილება" : "შეესაბამება დაკავებულ თანამდებობას");
    pages.push(member);
  }
  // Which member chairs depends on the list's order: the one with the conclude form.
  let chair = null;
  for (const p of pages) {
    await p.reload();
    await waitForHydration(p);
    if ((await p.getByTestId("conclude-form").count()) > 0) chair = p;
  }
  expect(chair).not.toBeNull();
  const c = chair!;
  const conclude = c.getByTestId("conclude-form").first();
  await conclude.locator("textarea[name=reasoning]").fill("წლიური შეფასებები კარგია; დოსიეში დარღვევა არ ფიქსირდება.");
  await conclude.getByTestId("confirm").check();
  await conclude.locator("button[type=submit]").click();
  await expect(c.getByTestId("conclusion").first()).toContainText("შეესაბამება დაკავებულ თანამდებობას");

  await c.getByTestId("minutes-link").click();
  await expect(c.getByTestId("minutes-title")).toHaveText("საკონკურსო-საატესტაციო კომისიის სხდომის ოქმი");
  await expect(c.getByTestId("minutes")).toContainText("ვმუშაობ იმავე სამსახურში.");
  await waitForHydration(c);
  await c.getByTestId("lang-en").click();
  await expect(c.getByTestId("minutes-title")).toHaveText("Minutes of the competition-attestation commission");
  await expect(c.getByTestId("minutes")).toContainText("Fits the position");
});
