// Documented exit codes of every gatewise command (README "Exit codes").
export const EXIT = {
  ok: 0,
  /** The command ran and found problems (gateway-made 5xx in logs, failing probe checks, config findings). */
  problems: 1,
  /** Bad usage or bad config: nothing was done. */
  usage: 2,
  /** Stopped by SIGINT (128 + 2, the shell convention). */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
