/**
 * The cron table: every expression with what Airflow 3.1 does with it, from start date
 * 2025-08-24: "ok" (a valid schedule that fires), "invalid" (Airflow refuses it at DAG import)
 * or "never" (Airflow accepts it but it matches no date). The unit test holds the compiler's
 * check to it; test/integration/cron-oracle.test.ts holds Airflow's own timetable to it.
 */
export type CronExpectation = "ok" | "invalid" | "never";

export const CRON_START_DATE = "2025-08-24";

export const CRON_CASES: readonly (readonly [expression: string, expected: CronExpectation])[] = [
  // plain five fields
  ["15 4 * * *", "ok"], ["* * * * *", "ok"], ["0 0 1 1 *", "ok"], ["*/5 * * * *", "ok"], ["0 */2 * * *", "ok"],
  ["1-10/2 * * * *", "ok"], ["5/15 * * * *", "ok"], ["59/15 * * * *", "ok"], ["0,15,30,45 * * * *", "ok"],
  ["0-59 0-23 1-31 1-12 0-7", "ok"], ["59 23 31 12 7", "ok"], ["0 0 * * 0", "ok"], ["0 0 * * 7", "ok"],
  ["0 0 * jan *", "ok"], ["0 0 * JAN-Dec *", "ok"], ["0 0 * * mon-fri", "ok"], ["0 0 * * MON,wed,Fri", "ok"],
  ["0 0 * * sun-sat", "ok"], ["00 04 01 01 *", "ok"], ["0-0 * * * *", "ok"], ["*/60 * * * *", "ok"],
  ["  15 4 * * *  ", "ok"], ["15\t4 * *  *", "ok"], ["0 0 29 2 *", "ok"], ["0 0 31 * *", "ok"],
  // what Airflow accepts beyond plain cron (issue item 14)
  ["0 0 L * *", "ok"], ["0 0 1W * *", "ok"], ["0 0 W15 * *", "ok"], ["0 0 * * 1#2", "ok"], ["0 0 * * sun#2", "ok"],
  ["0 0 * * 7#1", "ok"], ["0 0 * * L5", "ok"], ["0 0 * * 5#5", "ok"], ["0 0 ? * *", "ok"], ["0 0 1 * ?", "ok"], ["0 0 ? * ?", "ok"],
  ["5-1 * * * *", "ok"], ["5-1/2 * * * *", "ok"], ["0 0 * * 6-1", "ok"], ["0 0 * dec-jan *", "ok"], ["0 0 1,L * *", "ok"],
  ["0 0 1-L * *", "ok"], ["0 0 15 * 1", "ok"], ["0 0 31 2 1", "ok"],
  ["0 0 * * * 30", "ok"], ["0 0 1 1 * 0 2030", "ok"], ["0 0 * * * * *", "ok"],
  ["@daily", "ok"], ["@hourly", "ok"], ["@weekly", "ok"], ["@monthly", "ok"], ["@quarterly", "ok"], ["@yearly", "ok"],
  ["@annually", "ok"], ["@midnight", "ok"], ["@DAILY", "ok"],
  // valid, but matching no date (issue item 13)
  ["0 0 31 2 *", "never"], ["0 0 30 2 *", "never"], ["0 0 31 4,6,9,11 *", "never"], ["0 0 1 1 * 0 2020", "never"],
  // refused by Airflow
  ["", "invalid"], ["   ", "invalid"], ["* * * *", "invalid"], ["* * * * * * * *", "invalid"], ["@reboot", "invalid"],
  ["@QUARTERLY", "invalid"], ["@once", "invalid"],
  ["60 * * * *", "invalid"], ["* 24 * * *", "invalid"], ["* * 0 * *", "invalid"], ["* * 32 * *", "invalid"],
  ["* * * 0 *", "invalid"], ["* * * 13 *", "invalid"], ["* * * * 8", "invalid"], ["0 0 0 * * *", "invalid"],
  ["0 0 * * * 60", "invalid"], ["0 0 * * * 0 1969", "invalid"], ["0 0 * * * 0 2100", "invalid"],
  ["*/0 * * * *", "invalid"], ["*/x * * * *", "invalid"], ["*/ * * * *", "invalid"], ["1/2/3 * * * *", "invalid"],
  ["1,,2 * * * *", "invalid"], [",1 * * * *", "invalid"], ["1- * * * *", "invalid"], ["-1 * * * *", "invalid"],
  ["1-2-3 * * * *", "invalid"], ["a * * * *", "invalid"], ["mon * * * *", "invalid"], ["* * * mon *", "invalid"],
  ["* * * * jan", "invalid"], ["* * * * monday", "invalid"], ["*-5 * * * *", "invalid"], ["1.5 * * * *", "invalid"],
  ["? * * * *", "invalid"], ["0 0 ?1 * *", "invalid"], ["99999999999999999999 * * * *", "invalid"],
  ["0 0 LW * *", "invalid"], ["0 0 * * 5L", "invalid"], ["0 0 * * L", "invalid"], ["0 0 L-2 * *", "invalid"],
  ["0 0 * * 1#6", "invalid"], ["0 0 * * 1#0", "invalid"], ["0 0 * * 1#2,3", "invalid"], ["0 0 1W,2 * *", "invalid"],
  ["0 0 32W * *", "invalid"], ["H * * * *", "invalid"], ["0 0 l * * ", "ok"],
  ["0\u00a00 * * *", "invalid"],
];

/**
 * Accepted by Airflow, refused by the compiler on purpose: `R` picks a random minute each time the
 * DAG file is parsed, so the schedule would not be what the generated file says.
 */
export const CRON_REFUSED_ON_PURPOSE: readonly string[] = ["R * * * *", "0 R * * *", "R/5 * * * *"];
