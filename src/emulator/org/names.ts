/**
 * Business vocabularies for the invented organisation: people, teams, workspaces, folders,
 * documents, pages and elements. Plain word lists; picking and uniqueness live with the callers.
 */
import type { Rng } from "./rng.js";

/** Given names of members. */
export const FIRST_NAMES = [
  "Ava", "Liam", "Maya", "Noah", "Olivia", "Ethan", "Sofia", "Lucas", "Amara", "Mateo", "Chloe", "Arjun",
  "Emma", "Kenji", "Zara", "Diego", "Priya", "Oscar", "Hannah", "Tariq", "Isla", "Felix", "Nadia", "Theo",
  "Grace", "Omar", "Leah", "Hugo", "Aisha", "Jonas", "Mei", "Samuel", "Elena", "Ravi", "Clara", "Malik",
  "Freya", "Daniel", "Yuki", "Marcus", "Ines", "Caleb", "Lina", "Andre", "Rosa", "Victor", "Nina", "Elias",
  "Julia", "Kofi", "Anya", "Miles", "Sara", "Tomas", "Layla", "Owen", "Vera", "Rahul", "Alice", "Bruno",
  "Camila", "Dmitri", "Eva", "Farid", "Gemma", "Henrik", "Ivy", "Jamal", "Kira", "Leon", "Mira", "Nils",
  "Paula", "Quentin", "Rina", "Stefan", "Tara", "Umar", "Vivian", "Wes", "Ximena", "Yusuf", "Zoe", "Aiden",
  "Bianca", "Connor", "Daria", "Emil", "Fatima", "Gabriel", "Helena", "Ishaan", "Jade", "Kai", "Lucia", "Mason",
];

/** Family names of members. */
export const LAST_NAMES = [
  "Nguyen", "Patel", "Garcia", "Smith", "Kim", "Müller", "Rossi", "Okafor", "Johansson", "Silva", "Chen",
  "Kowalski", "Haddad", "Tanaka", "Dubois", "Martinez", "Novak", "Brown", "Singh", "Lopez", "Andersen",
  "Ibrahim", "Cohen", "Murphy", "Fischer", "Santos", "Ahmed", "Wilson", "Yamamoto", "Petrov", "Moreau",
  "Osei", "Larsen", "Khan", "Bianchi", "Schmidt", "Walker", "Reyes", "Hughes", "Mendes", "Park", "Ortiz",
  "Sato", "Jensen", "Ali", "Costa", "Wright", "Lindqvist", "Mensah", "Romero", "Clarke", "Weber", "Fernandes",
  "Gupta", "Hall", "Ivanova", "Jovanovic", "Keller", "Lam", "Meyer", "Nakamura", "O'Brien", "Pereira",
  "Quinn", "Rahman", "Stewart", "Torres", "Usman", "Vargas", "Wagner", "Xu", "Young", "Zimmermann", "Baker",
  "Carter", "Diaz", "Evans", "Foster", "Gonzalez", "Hoffmann", "Iyer", "Jimenez", "Kruger", "Li", "Mokoena",
];

/** Business domains: they drive team, workspace, document and table vocabularies. */
export const DOMAINS = [
  "Sales", "Finance", "Marketing", "Product", "Operations", "Customer Success", "People",
  "Supply Chain", "Revenue Operations", "Data Platform", "Executive", "Support",
] as const;

/** Team names beyond the domains themselves. */
export const TEAM_EXTRAS = [
  "Analytics Guild", "BI Champions", "Leadership", "EMEA Field", "APAC Field", "NA Field", "Partners",
  "Data Engineering", "Pricing Council", "Growth", "Security", "Embedded Analytics", "Interns", "Contractors",
];

/** Folder names found under workspaces. */
export const FOLDER_NAMES = [
  "Dashboards", "Reports", "Archive", "Drafts", "Monthly", "Quarterly", "Board Decks", "Ad Hoc",
  "Certified", "Sandbox", "Forecasts", "Regional", "KPIs", "Deep Dives", "Templates", "Shared",
  "Weekly Reviews", "Planning", "Experiments", "Exec Summaries",
];

/** Subjects of documents ("Pipeline", "Churn", ...). */
export const SUBJECTS = [
  "Pipeline", "Bookings", "Revenue", "Churn", "Retention", "Margin", "Forecast", "Headcount", "Hiring",
  "Campaign Performance", "Funnel", "Inventory", "Fulfillment", "Support Tickets", "NPS", "Usage",
  "Cohorts", "ARR", "Renewals", "Expenses", "Cash Flow", "Quota Attainment", "Lead Scoring", "Web Traffic",
  "Product Adoption", "Order Volume", "Shipping Costs", "Vendor Spend", "Attrition", "Win Rate",
];

/** Suffixes of workbook names. */
const WORKBOOK_SUFFIXES = [
  "Overview", "Dashboard", "Report", "Deep Dive", "Tracker", "Scorecard", "Analysis", "Review",
  "Monitor", "Explorer", "Summary", "Health Check",
];

/** Qualifiers that make workbook names distinct ("Weekly", "EMEA", ...). */
const QUALIFIERS = [
  "Weekly", "Monthly", "Quarterly", "Daily", "EMEA", "APAC", "NA", "LATAM", "Global", "Enterprise",
  "SMB", "FY26", "FY25", "Exec", "Team", "Self-Serve",
];

/** Page names. */
export const PAGE_NAMES = [
  "Overview", "Details", "Trends", "By Region", "By Product", "By Segment", "Data", "Appendix", "KPIs",
  "Drilldown", "Forecast", "Cohorts", "Summary", "Raw Data", "Definitions", "Targets", "Exceptions",
];

/** Names of data elements, by element type. */
export const ELEMENT_NAMES = {
  table: ["Detail Table", "Line Items", "All Records", "Top Accounts", "Open Items", "Transactions", "Master List"],
  "pivot-table": ["Pivot by Month", "Pivot by Region", "Matrix", "Breakdown", "Cross Tab"],
  visualization: ["Trend", "Monthly Trend", "Top 10", "Distribution", "Mix", "Growth", "Performance", "Share"],
  "input-table": ["Targets Input", "Adjustments", "Commentary", "Manual Overrides", "Planning Inputs"],
  control: ["Date Range", "Region Filter", "Segment Selector", "Owner Filter", "Status Filter", "Top N"],
  text: ["Header", "Notes", "Definitions", "Read Me", "Callout"],
  image: ["Logo", "Banner", "Diagram"],
} as const;

/** Chart kinds for `vizualizationType` (Sigma's spelling) of visualizations. */
export const VIZ_TYPES = ["bar", "line", "area", "scatter", "pie", "donut", "kpi", "combo", "map", "funnel", "gauge"];

/** Custom account types (besides admin, creator, explorer, viewer). */
export const CUSTOM_ACCOUNT_TYPES = ["Report Builder", "Embed Viewer", "Analyst Pro"];

/** Version tag names. */
export const VERSION_TAG_NAMES = ["Production", "Staging", "QA", "Certified", "Release Candidate"];

/** Timezones for materialization schedules. */
export const TIMEZONES = ["UTC", "America/Los_Angeles", "America/New_York", "Europe/London", "Europe/Berlin", "Asia/Tokyo", "Australia/Sydney"];

/** Cron specs for materialization schedules. */
export const CRON_SPECS = ["0 0 * * *", "0 6 * * *", "30 2 * * *", "0 */4 * * *", "0 * * * *", "15 7 * * 1-5", "0 3 * * 0", "0 12 1 * *"];

/** Gives unique names: a repeated base gets " 2", " 3"... so documents stay distinguishable. */
export class UniqueNamer {
  private readonly counts = new Map<string, number>();
  /** Returns `base` the first time, then `base 2`, `base 3`... */
  name(base: string): string {
    const n = (this.counts.get(base) ?? 0) + 1;
    this.counts.set(base, n);
    return n === 1 ? base : `${base} ${n}`;
  }
}

/** A realistic workbook title for a domain, e.g. "Weekly Pipeline Overview". */
export function workbookTitle(rng: Rng, domain: string): string {
  const subject = rng.pick(SUBJECTS);
  const suffix = rng.pick(WORKBOOK_SUFFIXES);
  const q = rng.chance(0.55) ? `${rng.pick(QUALIFIERS)} ` : "";
  return rng.chance(0.3) ? `${domain} ${q}${subject} ${suffix}` : `${q}${subject} ${suffix}`;
}

/** "order_id" or "ORDER_ID" → "Order Id", Sigma's friendly column label. */
export function friendlyLabel(columnName: string): string {
  return columnName
    .toLowerCase()
    .split("_")
    .filter((w) => w.length > 0)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(" ");
}
