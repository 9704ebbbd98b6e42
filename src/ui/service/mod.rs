//! The service desk: the ticket queue with the desk's figures (`queue`), and a ticket's page
//! (`ticket`). Tickets are opened from a customer's page.

mod queue;
mod ticket;

use leptos::prelude::*;

use crate::analytics::ServiceFigures;
use crate::i18n::Msg;
use crate::model::{TicketKind, TicketPriority, TicketProblem, TicketStatus};
use crate::ui::areas::Area;
use crate::ui::data::use_data;
use crate::ui::locale::use_locale;
pub use queue::provide_ticket_index;
use queue::TicketQueue;
pub use ticket::TicketPage;

pub(crate) use crate::ui::data::today;

pub fn status_label(status: TicketStatus) -> Msg {
    match status {
        TicketStatus::New => Msg::StatusNew,
        TicketStatus::Open => Msg::StatusOpen,
        TicketStatus::Waiting => Msg::StatusWaiting,
        TicketStatus::Resolved => Msg::StatusResolved,
        TicketStatus::Closed => Msg::StatusClosed,
    }
}

pub fn priority_label(priority: TicketPriority) -> Msg {
    match priority {
        TicketPriority::Low => Msg::PriorityLow,
        TicketPriority::Normal => Msg::PriorityNormal,
        TicketPriority::High => Msg::PriorityHigh,
        TicketPriority::Urgent => Msg::PriorityUrgent,
    }
}

pub fn kind_label(kind: TicketKind) -> Msg {
    match kind {
        TicketKind::Inquiry => Msg::KindInquiry,
        TicketKind::Feedback => Msg::KindFeedback,
        TicketKind::Complaint => Msg::KindComplaint,
        TicketKind::Return => Msg::KindReturn,
    }
}

/// A field problem in words (`{max}` stands for a "too long" limit).
pub(crate) fn field_problem(problem: TicketProblem) -> Msg {
    match problem {
        TicketProblem::UnknownChoice => Msg::TicketUnknownChoice,
        TicketProblem::SubjectEmpty => Msg::TicketSubjectEmpty,
        TicketProblem::TooLong { .. } => Msg::TicketTooLong,
        TicketProblem::BadDate => Msg::TicketBadDate,
        TicketProblem::BadOrder => Msg::TicketBadOrder,
        TicketProblem::NoteEmpty => Msg::NoteEmptyTicket,
    }
}

/// The service page: the desk's figures and the queue.
#[component]
pub fn ServicePage() -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="page service" data-testid=format!("page-{}", Area::Service.slug())>
            <h1>{locale.tr(Area::Service.label())}</h1>
            <ServiceFiguresView />
            <TicketQueue />
        </section>
    }
}

/// Open and overdue tickets, the median time to resolve, tickets per customer (the dashboard
/// shows the same).
#[component]
pub fn ServiceFiguresView() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let figures = LocalResource::new(move || {
        data.revision();
        let db = data.db();
        async move {
            let db = db?;
            let tickets = db.tickets().await.ok()?;
            Some(ServiceFigures::of(&tickets, today()))
        }
    });
    let tile = move |label: Msg, id: &'static str, value: String, alert: bool| {
        view! {
            <div class="kpi" class:kpi-alert=alert data-testid=id>
                <dt>{locale.tr(label)}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    move || {
        figures.get().flatten().map(|f| {
            let median = f.median_resolve_ms.map_or_else(
                || "—".to_owned(),
                |ms| duration_text(ms, locale.lang()),
            );
            let per_customer = f
                .per_customer
                .map_or_else(|| "—".to_owned(), |v| format!("{v:.1}"));
            view! {
                <dl class="figures service-figures" data-testid="service-figures">
                    {tile(Msg::OpenTickets, "service-open", crate::ui::data::format_count(f.open as u64), false)}
                    {tile(Msg::OverdueTickets, "service-overdue", crate::ui::data::format_count(f.overdue as u64), f.overdue > 0)}
                    {tile(Msg::MedianResolve, "service-median", median, false)}
                    {tile(Msg::TicketsPerCustomer, "service-per-customer", per_customer, false)}
                </dl>
            }
        })
    }
}

/// A duration in hours under two days, in days above.
fn duration_text(ms: i64, lang: crate::i18n::Lang) -> String {
    let hours = ms as f64 / 3_600_000.0;
    if hours < 48.0 {
        Msg::HoursValue
            .text(lang)
            .replace("{n}", &format!("{hours:.1}"))
    } else {
        Msg::DaysValue
            .text(lang)
            .replace("{n}", &format!("{:.1}", hours / 24.0))
    }
}
