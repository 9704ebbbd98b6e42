//! Marketing campaigns: a name and goal, a channel, the segments it targets and those it leaves
//! out, a schedule (its window: first to last day), a budget. A draft is edited freely; at launch
//! its members are frozen — the customers of the target segments, less the excluded ones, who can
//! be reached on the channel — and from then on the campaign records who responded. Conversions
//! (orders by members inside the window) are found from the orders, never stored.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{CampaignId, Customer, CustomerId, Money, SegmentId, Timestamp};

/// The longest name.
pub const CAMPAIGN_NAME_MAX: usize = 120;
/// The longest goal.
pub const CAMPAIGN_GOAL_MAX: usize = 1_000;

/// How a campaign reaches its customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Sms,
    Phone,
    InStore,
    Other,
}

keyed!(Channel { Email => "email", Sms => "sms", Phone => "phone", InStore => "in_store", Other => "other" });

impl Channel {
    /// The channels a customer can opt out of (each needs a contact field).
    pub const OPT_OUT: [Channel; 3] = [Channel::Email, Channel::Sms, Channel::Phone];

    /// The contact the channel uses (email, or phone for text messages and calls); `None` for
    /// channels that need none (in store, other).
    pub fn contact(self, customer: &Customer) -> Option<Option<&str>> {
        let field = match self {
            Channel::Email => &customer.email,
            Channel::Sms | Channel::Phone => &customer.phone,
            Channel::InStore | Channel::Other => return None,
        };
        Some(field.as_deref().map(str::trim).filter(|t| !t.is_empty()))
    }

    /// Whether the campaign may reach `customer` this way: they have the contact field the
    /// channel needs and have not opted out of it.
    pub fn reaches(self, customer: &Customer) -> bool {
        !customer.opt_out.contains(&self) && self.contact(customer).is_none_or(|c| c.is_some())
    }
}

/// Where a campaign stands. Only a draft is stored as such and "done" when ended early; a
/// launched campaign is scheduled, running or done by its window (see [`Campaign::status_on`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CampaignStatus {
    Draft,
    Scheduled,
    Running,
    Done,
}

keyed!(CampaignStatus { Draft => "draft", Scheduled => "scheduled", Running => "running", Done => "done" });

/// A campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: CampaignId,
    pub name: String,
    #[serde(default)]
    pub goal: String,
    pub channel: Channel,
    pub status: CampaignStatus,
    /// The segments whose customers it targets.
    #[serde(default)]
    pub targets: Vec<SegmentId>,
    /// The segments whose customers it leaves out.
    #[serde(default)]
    pub excluded: Vec<SegmentId>,
    /// The window: first and last day (a launch without a first day starts it that day; no last
    /// day runs it until it is ended).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Money>,
    /// The members frozen at launch, ascending (empty while a draft).
    #[serde(default)]
    pub members: Vec<CustomerId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launched_at: Option<Timestamp>,
    /// The members who responded, ascending.
    #[serde(default)]
    pub responses: Vec<CustomerId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: u32,
}

/// What a campaign form holds, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CampaignDraft {
    pub name: String,
    pub goal: String,
    pub channel: String,
    pub targets: Vec<SegmentId>,
    pub excluded: Vec<SegmentId>,
    /// `YYYY-MM-DD` (what a date input gives) or empty.
    pub starts: String,
    pub ends: String,
    pub budget: String,
}

/// A field of the campaign form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CampaignField {
    Name,
    Goal,
    Channel,
    Starts,
    Ends,
    Budget,
}

/// What is wrong with a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignProblem {
    NameEmpty,
    TooLong {
        max: usize,
    },
    UnknownChoice,
    /// Not a date (`YYYY-MM-DD`).
    BadDate,
    /// The last day is before the first.
    EndsBeforeStart,
    BadAmount,
    Negative,
}

/// Why a campaign cannot launch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LaunchProblem {
    AlreadyLaunched,
    NoTarget,
    /// No customer of the target segments (after exclusions) can be reached on the channel.
    NoMembers,
}

/// Why a response cannot be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseProblem {
    NotLaunched,
    NotAMember,
}

fn day(text: &str) -> Result<Option<NaiveDate>, CampaignProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| CampaignProblem::BadDate)
}

fn sorted(mut ids: Vec<SegmentId>) -> Vec<SegmentId> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

impl CampaignDraft {
    /// A draft for a new campaign: email, nothing else.
    pub fn new() -> CampaignDraft {
        CampaignDraft {
            channel: Channel::Email.key().to_owned(),
            ..CampaignDraft::default()
        }
    }

    /// The draft of a stored campaign.
    pub fn of(campaign: &Campaign) -> CampaignDraft {
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        CampaignDraft {
            name: campaign.name.clone(),
            goal: campaign.goal.clone(),
            channel: campaign.channel.key().to_owned(),
            targets: campaign.targets.clone(),
            excluded: campaign.excluded.clone(),
            starts: day(campaign.starts),
            ends: day(campaign.ends),
            budget: campaign.budget.map(|b| b.to_string()).unwrap_or_default(),
        }
    }

    /// Checks every field and applies the draft to `campaign` (its frozen members and
    /// responses stay); on failure every problem, and `campaign` is unchanged.
    pub fn apply_to(
        &self,
        campaign: &mut Campaign,
    ) -> Result<(), Vec<(CampaignField, CampaignProblem)>> {
        let mut problems = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            problems.push((CampaignField::Name, CampaignProblem::NameEmpty));
        } else if name.chars().count() > CAMPAIGN_NAME_MAX {
            let max = CAMPAIGN_NAME_MAX;
            problems.push((CampaignField::Name, CampaignProblem::TooLong { max }));
        }
        let goal = self.goal.trim();
        if goal.chars().count() > CAMPAIGN_GOAL_MAX {
            let max = CAMPAIGN_GOAL_MAX;
            problems.push((CampaignField::Goal, CampaignProblem::TooLong { max }));
        }
        let channel = Channel::from_key(&self.channel);
        if channel.is_none() {
            problems.push((CampaignField::Channel, CampaignProblem::UnknownChoice));
        }
        let starts = day(&self.starts).map_err(|p| problems.push((CampaignField::Starts, p)));
        let ends = day(&self.ends).map_err(|p| problems.push((CampaignField::Ends, p)));
        if let (Ok(Some(first)), Ok(Some(last))) = (starts, ends) {
            if last < first {
                problems.push((CampaignField::Ends, CampaignProblem::EndsBeforeStart));
            }
        }
        let budget = match self.budget.trim() {
            "" => Ok(None),
            text => match Money::parse(text) {
                Ok(m) if m.cents() < 0 => Err(CampaignProblem::Negative),
                Ok(m) => Ok(Some(m)),
                Err(_) => Err(CampaignProblem::BadAmount),
            },
        }
        .map_err(|p| problems.push((CampaignField::Budget, p)));
        let (Some(channel), Ok(starts), Ok(ends), Ok(budget), true) =
            (channel, starts, ends, budget, problems.is_empty())
        else {
            return Err(problems);
        };
        campaign.name = name.to_owned();
        campaign.goal = goal.to_owned();
        campaign.channel = channel;
        campaign.targets = sorted(self.targets.clone());
        campaign.excluded = sorted(self.excluded.clone());
        campaign.starts = starts;
        campaign.ends = ends;
        campaign.budget = budget;
        Ok(())
    }
}

impl Campaign {
    /// A new draft (id 0: the store gives it the next free one) with nothing filled in.
    pub fn blank() -> Campaign {
        Campaign {
            id: CampaignId(0),
            name: String::new(),
            goal: String::new(),
            channel: Channel::Email,
            status: CampaignStatus::Draft,
            targets: Vec::new(),
            excluded: Vec::new(),
            starts: None,
            ends: None,
            budget: None,
            members: Vec::new(),
            launched_at: None,
            responses: Vec::new(),
            created_at: 0,
            updated_at: 0,
            version: 0,
        }
    }

    pub fn is_launched(&self) -> bool {
        self.launched_at.is_some()
    }

    /// Where it stands on `today`: a draft until launched; then scheduled before its first
    /// day, running in its window, done after its last day or once ended.
    pub fn status_on(&self, today: NaiveDate) -> CampaignStatus {
        if !self.is_launched() {
            CampaignStatus::Draft
        } else if self.status == CampaignStatus::Done || self.ends.is_some_and(|e| e < today) {
            CampaignStatus::Done
        } else if self.starts.is_some_and(|s| s > today) {
            CampaignStatus::Scheduled
        } else {
            CampaignStatus::Running
        }
    }

    /// Freezes `members` (the audience worked out now) and launches: from its first day, or
    /// from `today` when it has none.
    pub fn launch(
        &mut self,
        members: Vec<CustomerId>,
        today: NaiveDate,
        now: Timestamp,
    ) -> Result<(), LaunchProblem> {
        if self.is_launched() {
            return Err(LaunchProblem::AlreadyLaunched);
        }
        if self.targets.is_empty() {
            return Err(LaunchProblem::NoTarget);
        }
        if members.is_empty() {
            return Err(LaunchProblem::NoMembers);
        }
        let mut members = members;
        members.sort_unstable();
        members.dedup();
        self.members = members;
        self.launched_at = Some(now);
        let starts = *self.starts.get_or_insert(today);
        self.status = if starts > today {
            CampaignStatus::Scheduled
        } else {
            CampaignStatus::Running
        };
        Ok(())
    }

    /// Ends a launched campaign on `today`: its window closes then (an earlier last day stays).
    pub fn end(&mut self, today: NaiveDate) {
        if !self.is_launched() {
            return;
        }
        self.status = CampaignStatus::Done;
        let last = self.ends.map_or(today, |e| e.min(today));
        // A campaign ended before it started keeps a one-day window on its first day.
        self.ends = Some(self.starts.map_or(last, |s| last.max(s)));
    }

    /// The window as days, first to last, for a launched campaign: an open end runs to `today`.
    pub fn window(&self, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        let first = self.starts.filter(|_| self.is_launched())?;
        Some((first, self.ends.unwrap_or(today)))
    }

    pub fn is_member(&self, customer: CustomerId) -> bool {
        self.members.binary_search(&customer).is_ok()
    }

    /// Records that `customer` responded (again is no change); only members respond.
    pub fn respond(&mut self, customer: CustomerId) -> Result<bool, ResponseProblem> {
        if !self.is_launched() {
            return Err(ResponseProblem::NotLaunched);
        }
        if !self.is_member(customer) {
            return Err(ResponseProblem::NotAMember);
        }
        match self.responses.binary_search(&customer) {
            Ok(_) => Ok(false),
            Err(at) => {
                self.responses.insert(at, customer);
                Ok(true)
            }
        }
    }

    /// Takes a response back.
    pub fn unrespond(&mut self, customer: CustomerId) -> bool {
        match self.responses.binary_search(&customer) {
            Ok(at) => {
                self.responses.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    /// Whether the campaign names `segment` as a target or an exclusion.
    pub fn uses_segment(&self, segment: SegmentId) -> bool {
        self.targets.contains(&segment) || self.excluded.contains(&segment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a day")
    }

    fn draft() -> CampaignDraft {
        CampaignDraft {
            name: "  Spring tea  ".into(),
            goal: "Win back tea buyers".into(),
            targets: vec![SegmentId(3), SegmentId(1), SegmentId(3)],
            excluded: vec![SegmentId(2)],
            starts: "2026-03-01".into(),
            ends: "2026-03-31".into(),
            budget: "1,500.00".into(),
            ..CampaignDraft::new()
        }
    }

    #[test]
    fn a_draft_is_checked_field_by_field_and_applied_whole() {
        let mut campaign = Campaign::blank();
        draft().apply_to(&mut campaign).expect("valid");
        assert_eq!(campaign.name, "Spring tea");
        assert_eq!(campaign.channel, Channel::Email);
        assert_eq!(campaign.targets, [SegmentId(1), SegmentId(3)]);
        assert_eq!(campaign.budget, Some(Money(150_000)));
        assert_eq!(CampaignDraft::of(&campaign).budget, "1500.00");
        assert_eq!(campaign.starts, Some(day("2026-03-01")));

        let bad = CampaignDraft {
            name: " ".into(),
            goal: "g".repeat(CAMPAIGN_GOAL_MAX + 1),
            channel: "fax".into(),
            starts: "2026-04-01".into(),
            ends: "2026-03-31".into(),
            budget: "-5".into(),
            ..CampaignDraft::new()
        };
        let before = campaign.clone();
        let problems = bad.apply_to(&mut campaign).expect_err("invalid");
        assert_eq!(campaign, before, "nothing applied");
        assert_eq!(
            problems,
            [
                (CampaignField::Name, CampaignProblem::NameEmpty),
                (
                    CampaignField::Goal,
                    CampaignProblem::TooLong {
                        max: CAMPAIGN_GOAL_MAX
                    }
                ),
                (CampaignField::Channel, CampaignProblem::UnknownChoice),
                (CampaignField::Ends, CampaignProblem::EndsBeforeStart),
                (CampaignField::Budget, CampaignProblem::Negative),
            ]
        );
        let bad = CampaignDraft {
            name: "x".repeat(CAMPAIGN_NAME_MAX + 1),
            starts: "1 March".into(),
            budget: "lots".into(),
            ..CampaignDraft::new()
        };
        let problems = bad.apply_to(&mut campaign).expect_err("invalid");
        assert_eq!(
            problems,
            [
                (
                    CampaignField::Name,
                    CampaignProblem::TooLong {
                        max: CAMPAIGN_NAME_MAX
                    }
                ),
                (CampaignField::Starts, CampaignProblem::BadDate),
                (CampaignField::Budget, CampaignProblem::BadAmount),
            ]
        );
    }

    #[test]
    fn launching_freezes_the_members_and_the_window_decides_the_status() {
        let mut campaign = Campaign::blank();
        CampaignDraft {
            starts: String::new(),
            ends: String::new(),
            ..draft()
        }
        .apply_to(&mut campaign)
        .expect("valid");
        let today = day("2026-03-10");
        assert_eq!(campaign.status_on(today), CampaignStatus::Draft);
        assert_eq!(
            campaign.launch(Vec::new(), today, 5),
            Err(LaunchProblem::NoMembers)
        );
        let mut untargeted = Campaign::blank();
        assert_eq!(
            untargeted.launch(vec![CustomerId(1)], today, 5),
            Err(LaunchProblem::NoTarget)
        );
        campaign
            .launch([9, 4, 9].map(CustomerId).to_vec(), today, 5)
            .expect("launches");
        assert_eq!(campaign.members, [CustomerId(4), CustomerId(9)]);
        assert_eq!(campaign.starts, Some(today), "starts on launch day");
        assert_eq!(campaign.status_on(today), CampaignStatus::Running);
        assert_eq!(
            campaign.launch(vec![CustomerId(1)], today, 6),
            Err(LaunchProblem::AlreadyLaunched)
        );
        assert_eq!(
            campaign.window(day("2026-03-20")),
            Some((today, day("2026-03-20")))
        );
        campaign.end(day("2026-03-15"));
        assert_eq!(campaign.status_on(day("2026-03-12")), CampaignStatus::Done);
        assert_eq!(
            campaign.window(day("2026-04-01")),
            Some((today, day("2026-03-15")))
        );

        // Scheduled until its first day, done after its last.
        let mut later = Campaign::blank();
        draft().apply_to(&mut later).expect("valid");
        later
            .launch(vec![CustomerId(1)], day("2026-02-01"), 1)
            .expect("launches");
        assert_eq!(
            later.status_on(day("2026-02-01")),
            CampaignStatus::Scheduled
        );
        assert_eq!(later.status_on(day("2026-03-31")), CampaignStatus::Running);
        assert_eq!(later.status_on(day("2026-04-01")), CampaignStatus::Done);
        // Ended before it started: a one-day window on its first day.
        later.end(day("2026-02-02"));
        assert_eq!(
            later.window(day("2026-05-01")),
            Some((day("2026-03-01"), day("2026-03-01")))
        );
    }

    #[test]
    fn only_members_of_a_launched_campaign_respond_once() {
        let mut campaign = Campaign::blank();
        draft().apply_to(&mut campaign).expect("valid");
        assert_eq!(
            campaign.respond(CustomerId(4)),
            Err(ResponseProblem::NotLaunched)
        );
        campaign
            .launch(vec![CustomerId(4), CustomerId(2)], day("2026-03-01"), 1)
            .expect("launches");
        assert_eq!(campaign.respond(CustomerId(4)), Ok(true));
        assert_eq!(campaign.respond(CustomerId(4)), Ok(false));
        assert_eq!(campaign.respond(CustomerId(2)), Ok(true));
        assert_eq!(campaign.responses, [CustomerId(2), CustomerId(4)]);
        assert_eq!(
            campaign.respond(CustomerId(7)),
            Err(ResponseProblem::NotAMember)
        );
        assert!(campaign.unrespond(CustomerId(2)));
        assert!(!campaign.unrespond(CustomerId(2)));
        assert!(campaign.uses_segment(SegmentId(2)) && !campaign.uses_segment(SegmentId(9)));
    }

    #[test]
    fn channels_reach_customers_with_the_contact_who_did_not_opt_out() {
        let mut customer = Customer::new(CustomerId(1), 0);
        customer.email = Some("a@example.com".into());
        customer.phone = Some("  ".into());
        assert!(Channel::Email.reaches(&customer));
        assert!(!Channel::Sms.reaches(&customer), "a blank phone");
        assert!(Channel::InStore.reaches(&customer));
        customer.opt_out = vec![Channel::Email];
        assert!(!Channel::Email.reaches(&customer));
        assert!(Channel::Other.reaches(&customer));
        for channel in Channel::ALL {
            assert_eq!(Channel::from_key(channel.key()), Some(*channel));
        }
        let json = serde_json::to_string(&customer).expect("json");
        assert!(json.contains(r#""opt_out":["email"]"#), "{json}");
    }
}
