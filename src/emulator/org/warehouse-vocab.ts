/**
 * Warehouse vocabulary: table templates with typed columns, schema and database names, and
 * the connection kinds the org uses. Identifiers are upper-case; connections.ts re-cases them
 * per warehouse dialect.
 */

/** A column data type as the generator tracks it (rendered as Sigma's `{type: ...}` object). */
export type ColumnKind = "number" | "text" | "datetime" | "boolean";

/** A warehouse table shape: name plus typed columns. */
export interface TableTemplate {
  name: string;
  columns: ReadonlyArray<readonly [name: string, kind: ColumnKind]>;
}

const T = (name: string, cols: string): TableTemplate => ({
  name,
  columns: cols.split(" ").map((c) => {
    const [n, k] = c.split(":") as [string, string | undefined];
    const kind: ColumnKind = k === "n" ? "number" : k === "d" ? "datetime" : k === "b" ? "boolean" : "text";
    return [n, kind] as const;
  }),
});

/** Table templates by schema name. */
export const SCHEMA_TABLES: Record<string, TableTemplate[]> = {
  SALES: [
    T("ORDERS", "ORDER_ID:n CUSTOMER_ID:n ORDER_DATE:d STATUS SALES_REP REGION AMOUNT:n DISCOUNT:n QUANTITY:n"),
    T("ORDER_ITEMS", "ORDER_ITEM_ID:n ORDER_ID:n PRODUCT_ID:n QUANTITY:n UNIT_PRICE:n LINE_TOTAL:n"),
    T("OPPORTUNITIES", "OPPORTUNITY_ID:n ACCOUNT_ID:n STAGE CLOSE_DATE:d AMOUNT:n OWNER PROBABILITY:n IS_WON:b"),
    T("ACCOUNTS", "ACCOUNT_ID:n ACCOUNT_NAME INDUSTRY SEGMENT REGION EMPLOYEES:n CREATED_AT:d"),
    T("QUOTAS", "REP_ID:n SALES_REP FISCAL_QUARTER QUOTA:n REGION"),
  ],
  FINANCE: [
    T("GL_ENTRIES", "ENTRY_ID:n ACCOUNT_CODE POSTING_DATE:d AMOUNT:n CURRENCY COST_CENTER DESCRIPTION"),
    T("INVOICES", "INVOICE_ID:n CUSTOMER_ID:n INVOICE_DATE:d DUE_DATE:d AMOUNT:n STATUS IS_PAID:b"),
    T("BUDGETS", "COST_CENTER FISCAL_MONTH:d BUDGET_AMOUNT:n FORECAST_AMOUNT:n"),
    T("EXPENSES", "EXPENSE_ID:n EMPLOYEE_ID:n CATEGORY EXPENSE_DATE:d AMOUNT:n APPROVED:b"),
  ],
  MARKETING: [
    T("CAMPAIGNS", "CAMPAIGN_ID:n CAMPAIGN_NAME CHANNEL START_DATE:d END_DATE:d BUDGET:n"),
    T("LEADS", "LEAD_ID:n CAMPAIGN_ID:n CREATED_AT:d SOURCE SCORE:n IS_CONVERTED:b COUNTRY"),
    T("WEB_SESSIONS", "SESSION_ID USER_ID:n STARTED_AT:d LANDING_PAGE DEVICE PAGE_VIEWS:n DURATION_SECONDS:n"),
    T("AD_SPEND", "SPEND_DATE:d CHANNEL CAMPAIGN_ID:n IMPRESSIONS:n CLICKS:n COST:n"),
  ],
  PRODUCT: [
    T("EVENTS", "EVENT_ID EVENT_NAME USER_ID:n ACCOUNT_ID:n EVENT_TIME:d PLATFORM FEATURE"),
    T("USERS", "USER_ID:n ACCOUNT_ID:n EMAIL SIGNUP_DATE:d PLAN IS_ACTIVE:b COUNTRY"),
    T("SUBSCRIPTIONS", "SUBSCRIPTION_ID:n ACCOUNT_ID:n PLAN START_DATE:d END_DATE:d MRR:n STATUS"),
    T("FEATURE_FLAGS", "FLAG_NAME ACCOUNT_ID:n ENABLED:b UPDATED_AT:d"),
  ],
  OPERATIONS: [
    T("SHIPMENTS", "SHIPMENT_ID:n ORDER_ID:n CARRIER SHIPPED_AT:d DELIVERED_AT:d SHIPPING_COST:n WAREHOUSE"),
    T("INVENTORY", "SKU PRODUCT_ID:n WAREHOUSE ON_HAND:n RESERVED:n SNAPSHOT_DATE:d"),
    T("PRODUCTS", "PRODUCT_ID:n SKU PRODUCT_NAME CATEGORY LIST_PRICE:n UNIT_COST:n IS_DISCONTINUED:b"),
    T("SUPPLIERS", "SUPPLIER_ID:n SUPPLIER_NAME COUNTRY LEAD_TIME_DAYS:n RATING:n"),
  ],
  SUPPORT: [
    T("TICKETS", "TICKET_ID:n ACCOUNT_ID:n CREATED_AT:d RESOLVED_AT:d PRIORITY STATUS CHANNEL AGENT"),
    T("CSAT_RESPONSES", "RESPONSE_ID:n TICKET_ID:n SCORE:n SUBMITTED_AT:d COMMENT"),
    T("NPS_SURVEYS", "SURVEY_ID:n ACCOUNT_ID:n SCORE:n SUBMITTED_AT:d SEGMENT"),
  ],
  PEOPLE: [
    T("EMPLOYEES", "EMPLOYEE_ID:n FULL_NAME DEPARTMENT TITLE HIRE_DATE:d TERMINATION_DATE:d LOCATION MANAGER_ID:n"),
    T("REQUISITIONS", "REQ_ID:n DEPARTMENT OPENED_AT:d FILLED_AT:d STATUS LEVEL"),
    T("PAYROLL", "EMPLOYEE_ID:n PAY_PERIOD:d GROSS_PAY:n BONUS:n CURRENCY"),
  ],
  CORE: [
    T("DIM_DATE", "DATE_DAY:d FISCAL_MONTH FISCAL_QUARTER FISCAL_YEAR:n IS_WEEKEND:b"),
    T("DIM_CUSTOMER", "CUSTOMER_ID:n CUSTOMER_NAME SEGMENT REGION COUNTRY LIFETIME_VALUE:n"),
    T("DIM_REGION", "REGION COUNTRY SUB_REGION"),
    T("FCT_REVENUE", "REVENUE_DATE:d ACCOUNT_ID:n PRODUCT_ID:n ARR:n MRR:n NET_NEW:n"),
  ],
};

/** Schema names in the order connections take them. */
export const SCHEMA_NAMES = Object.keys(SCHEMA_TABLES);

/** Database names for a connection (several per warehouse). */
export const DATABASE_NAMES = ["ANALYTICS", "PROD_DW", "RAW", "MARTS", "REPORTING", "STAGING"];

/** Warehouse kinds the org connects to, with a display label. */
export const CONNECTION_KINDS = [
  { type: "snowflake", label: "Snowflake" },
  { type: "bigQuery", label: "BigQuery" },
  { type: "databricks", label: "Databricks" },
  { type: "redshift", label: "Redshift" },
  { type: "postgres", label: "Postgres" },
] as const;

/** Second words of connection names ("Snowflake Production"). */
export const CONNECTION_PURPOSES = ["Production", "Analytics", "Finance", "Marketing", "Sandbox", "Replica", "Lakehouse", "EU", "Reporting"];
