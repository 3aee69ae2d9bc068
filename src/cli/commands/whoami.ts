/** `sigmactl whoami`: who the credentials belong to, in which organization, on which host. */
import type { Command } from "commander";
import { NotFoundError, PermissionDeniedError } from "../../errors.js";
import { cloudForHost } from "../../client/clouds.js";
import type { Member } from "../../schemas/index.js";
import { createClientFromOptions, globalOptionsOf, type CliContext } from "../context.js";
import { reportDrift } from "../drift-report.js";
import { createOutput } from "../output.js";
import { renderPairs } from "../table.js";
import { examples } from "../program.js";

/** Registers `whoami`. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command("whoami")
    .summary("show who the API credentials belong to")
    .description("show who the API credentials belong to (GET /v2/whoami): user, organization and API host")
    .addHelpText(
      "after",
      examples([
        ["sigmactl whoami --cloud aws-us", "check credentials from SIGMA_CLIENT_ID / SIGMA_CLIENT_SECRET"],
        ["sigmactl whoami --json | jq -r .organizationId", "print the organization id only"],
      ]),
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const g = globalOptionsOf(cmd);
      const out = createOutput(ctx, g);
      const client = createClientFromOptions(g, ctx, { logger: out.logger });
      const me = await client.whoami();
      const member = await memberOrUndefined(() => client.members.get(me.userId));
      const host = new URL(client.baseUrl).hostname;
      const result = {
        ...me,
        ...(member
          ? { name: `${member.firstName ?? ""} ${member.lastName ?? ""}`.trim(), email: member.email ?? null, memberType: member.memberType ?? null }
          : {}),
        baseUrl: client.baseUrl,
        cloud: cloudForHost(host) ?? null,
        drift: client.drift(),
      };
      out.result(result, () =>
        renderPairs(
          [
            ["user", member ? `${result.name}${member.email ? ` <${member.email}>` : ""} (${me.userId})` : me.userId],
            ["organization", me.organizationId],
            ["account type", me.accountType ?? member?.memberType],
            ["host", result.cloud ? `${client.baseUrl} (${result.cloud})` : client.baseUrl],
          ],
          out.colors,
        ),
      );
      reportDrift(out, result.drift);
    });
}

/** The member record adds name and email; credentials that may not read members still get an answer. */
async function memberOrUndefined(get: () => Promise<Member>): Promise<Member | undefined> {
  try {
    return await get();
  } catch (err) {
    if (err instanceof PermissionDeniedError || err instanceof NotFoundError) return undefined;
    throw err;
  }
}
