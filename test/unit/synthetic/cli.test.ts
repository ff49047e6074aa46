// The generator's command line: arguments and dates checked before anything connects, and every
// mistake (bad date, missing env, refused connection) reported as one line, exit 1, no password.
import net from "node:net";
import { describe, expect, it } from "vitest";
import { main, parseCommand } from "../../../local/synthetic/cli.ts";
import { parseDate } from "../../../local/synthetic/dates.ts";

const SECRET = "s3cret-never-printed";

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function cli(argv: string[], env: Record<string, string>) {
  const lines: string[] = [];
  const code = await main(argv, env, (l) => lines.push(l));
  return { code, lines };
}

describe("synthetic CLI", () => {
  it("parses the commands the local runner uses", () => {
    expect(parseCommand(["daily", "--run-date", "2025-08-02"])).toEqual({ command: "daily", runDate: "2025-08-02", seed: undefined });
    expect(parseCommand(["daily", "--run-date=2025-08-02", "--seed=7"])).toEqual({ command: "daily", runDate: "2025-08-02", seed: "7" });
    expect(parseCommand(["init"])).toEqual({ command: "init", runDate: undefined, seed: undefined });
  });

  it("refuses anything else with the usage", () => {
    expect(() => parseCommand([])).toThrow(/^usage: /);
    expect(() => parseCommand(["seed"])).toThrow('unknown command "seed"; usage:');
    expect(() => parseCommand(["daily", "--date", "x"])).toThrow('unknown argument "--date"');
    expect(() => parseCommand(["daily", "--run-date"])).toThrow("--run-date needs a value");
    expect(() => parseCommand(["init", "--run-date", "2025-08-01"])).toThrow("init takes its first day from PROJECT_START_DATE, not --run-date");
  });

  it("accepts only real calendar dates in range", () => {
    expect(parseDate("2024-02-29", "--run-date")).toBe("2024-02-29");
    expect(() => parseDate("2025-02-30", "--run-date")).toThrow('--run-date "2025-02-30" is not a calendar date (YYYY-MM-DD)');
    expect(() => parseDate("2025-8-2", "--run-date")).toThrow("is not a calendar date");
    expect(() => parseDate(undefined, "PROJECT_START_DATE")).toThrow("PROJECT_START_DATE is missing (a date, YYYY-MM-DD)");
    expect(() => parseDate("1999-12-31", "--run-date")).toThrow("--run-date 1999-12-31 is outside 2000-01-01..2057-12-31");
  });

  it("reports a bad date, a missing date and missing env in one line, exit 1", async () => {
    for (const [argv, env, message] of [
      [["daily", "--run-date", "2025-02-30"], {}, 'synthetic: --run-date "2025-02-30" is not a calendar date (YYYY-MM-DD)'],
      [["daily"], {}, "synthetic: --run-date is missing (a date, YYYY-MM-DD)"],
      [["init"], { N_OF_INIT_CLIENTS: "" }, "synthetic: PROJECT_START_DATE is missing (a date, YYYY-MM-DD)"],
      [["init"], { PROJECT_START_DATE: "2025-08-01", N_OF_INIT_CLIENTS: "-3" }, 'synthetic: N_OF_INIT_CLIENTS="-3" must be a whole number from 1 to 99999999'],
      [["daily", "--run-date", "2025-08-02"], { PGPORT: "54x" }, 'synthetic: PGPORT="54x" is not a port number'],
    ] as const) {
      expect(await cli([...argv], { ...env })).toEqual({ code: 1, lines: [message] });
    }
  });

  it("reports a refused connection in one line without the password", async () => {
    const port = await closedPort();
    const out = await cli(["daily", "--run-date", "2025-08-02"], { PGHOST: "127.0.0.1", PGPORT: String(port), PGUSER: "lakec", PGPASSWORD: SECRET });
    expect(out).toEqual({ code: 1, lines: [`synthetic: cannot connect to PostgreSQL at 127.0.0.1:${port}/ampere_db: connection refused`] });
  });
});
