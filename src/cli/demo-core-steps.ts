/** The demo steps of the CLI core: identity and a full workbook listing, checked against the ground truth. */
import { JobFailedError } from "../errors.js";
import type { DemoStep } from "./demo-step.js";

interface TruthWorkbook {
  hiddenFromCaller?: boolean;
  isArchived?: boolean;
}

/** `whoami`: the token exchange works and the credentials have an identity. */
export const whoamiStep: DemoStep = {
  name: "whoami",
  title: "who the demo credentials belong to (GET /v2/whoami)",
  async run({ client }) {
    const me = await client.whoami();
    const member = await client.members.get(me.userId);
    return {
      lines: [
        `user ${member.firstName} ${member.lastName} <${member.email}> (${me.userId})`,
        `organization ${me.organizationId}, account type ${me.accountType ?? member.memberType}`,
      ],
      data: { ...me, email: member.email },
    };
  },
};

/** Lists every workbook, page by page, and compares the count with the emulator's ground truth. */
export const workbooksStep: DemoStep = {
  name: "list-workbooks",
  title: "list every workbook (GET /v2/workbooks, all pages)",
  async run({ client, emulator }) {
    const list = client.workbooks.list();
    const workbooks = await list.toArray();
    const truth = emulator.truth() as { workbooks?: TruthWorkbook[] };
    const all = truth.workbooks ?? [];
    const hidden = all.filter((w) => w.hiddenFromCaller).length;
    const archived = all.filter((w) => !w.hiddenFromCaller && w.isArchived).length;
    const expected = all.length - hidden - archived;
    const summary = list.summary;
    const lines = [
      `${workbooks.length} workbooks in ${summary?.pages ?? "?"} page(s); the emulator's ground truth has ${all.length}: ` +
        `${expected} listable, ${hidden} hidden from this user, ${archived} archived`,
      ...workbooks.slice(0, 5).map((w) => `  ${w.name}  (${w.path}, v${w.latestVersion})`),
    ];
    if (workbooks.length > 5) lines.push(`  ... and ${workbooks.length - 5} more`);
    if (workbooks.length !== expected) {
      throw new JobFailedError(`listed ${workbooks.length} workbooks but the emulator's ground truth has ${expected} listable`);
    }
    for (const w of summary?.warnings ?? []) lines.push(`warning: ${w}`);
    return {
      lines,
      data: { listed: workbooks.length, expected, pages: summary?.pages, complete: summary?.complete },
    };
  },
};
