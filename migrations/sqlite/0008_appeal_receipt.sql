-- The appeal window runs from the day the officer received the final result (issue 13, item 7):
-- the finalization day when they had answered, or the delivery date HR records when they had
-- not. Results finalized before this change count from their finalization day in Georgia (UTC+4).
ALTER TABLE evaluations ADD COLUMN received_on TEXT;
UPDATE evaluations SET received_on = date(finalized_at, '+4 hours') WHERE finalized_at IS NOT NULL;
