//! The orders registry's classification (ბრძანებების რეესტრი; DOMAIN.md §6.1): how the annual
//! report counts an order, who issued it, and what a personnel order did to an assignment.

coded_enum! {
    /// How the annual report classifies an order.
    pub enum OrderType {
        /// "Main" (ძირითადი) orders.
        Main = "main" => OrderTypeMain,
        /// Leave, business trips and other.
        LeaveTripOther = "leave_trip_other" => OrderTypeLeaveTripOther,
        /// Appointment, dismissal, transfer (დანიშვნა, გათავისუფლება, გადაადგილება).
        Personnel = "personnel" => OrderTypePersonnel,
    }
}

impl OrderType {
    /// A personnel change (appointment, end, reorganization) may cite an order of these kinds.
    pub fn may_change_staff(self) -> bool {
        matches!(self, OrderType::Personnel | OrderType::Main)
    }
}

coded_enum! {
    /// Who signed the order.
    pub enum Issuer {
        Mayor = "mayor" => IssuerMayor,
        Deputy = "deputy" => IssuerDeputy,
    }
}

coded_enum! {
    /// What a personnel order did to an assignment.
    pub enum EffectKind {
        /// Appointed (the assignment starts).
        Start = "start" => OrderEffectStart,
        /// Dismissed or moved (the assignment ends).
        End = "end" => OrderEffectEnd,
    }
}
