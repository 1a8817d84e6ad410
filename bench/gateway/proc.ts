// CPU time and memory of a process tree, read from Linux /proc (proc(5)).
//
// CPU: utime + stime (fields 14, 15 of /proc/<pid>/stat) of the process and every descendant, plus
// cutime + cstime (fields 16, 17): the time of children that already exited and were reaped, so a
// worker that dies mid-window is still counted (a live child's time is not in its parent's cutime,
// so nothing is counted twice). Units are clock ticks (getconf CLK_TCK, 100 on Linux x86-64).
// Memory: VmHWM (peak resident set) and VmRSS from /proc/<pid>/status, in kB, summed over the tree.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export const CLOCK_TICKS_PER_SECOND: number = (() => {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(n) && n > 0 ? n : 100;
  } catch {
    return 100;
  }
})();

interface StatLine {
  readonly ppid: number;
  readonly ticks: number;
  readonly startTime: number;
}

function readStat(pid: number): StatLine | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined; // gone
  }
  // The command name (field 2) is in parentheses and may itself contain spaces or ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const field = (n: number): number => Number(rest[n - 3]);
  return { ppid: field(4), ticks: field(14) + field(15) + field(16) + field(17), startTime: field(22) };
}

/** A process we may signal later: its pid and start time, so a reused pid is never mistaken for it. */
export interface ProcessIdentity {
  readonly pid: number;
  readonly startTime: number;
}

export function identify(pid: number): ProcessIdentity | undefined {
  const stat = readStat(pid);
  return stat ? { pid, startTime: stat.startTime } : undefined;
}

export function isSameProcessAlive(who: ProcessIdentity): boolean {
  return readStat(who.pid)?.startTime === who.startTime;
}

/** The root and all its live descendants (one scan of /proc). */
export function processTree(root: number): ProcessIdentity[] {
  const parentOf = new Map<number, number>();
  const startOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (!stat) continue;
    parentOf.set(pid, stat.ppid);
    startOf.set(pid, stat.startTime);
  }
  if (!startOf.has(root)) return [];
  const tree = new Set<number>([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parentOf) {
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return [...tree].map((pid) => ({ pid, startTime: startOf.get(pid) ?? 0 }));
}

/** Total CPU ticks of the tree under `root` right now. */
export function cpuTicks(root: number): number {
  let ticks = 0;
  for (const { pid } of processTree(root)) ticks += readStat(pid)?.ticks ?? 0;
  return ticks;
}

function statusKb(pid: number, key: 'VmHWM' | 'VmRSS'): number {
  try {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return match?.[1] ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function pssKb(pid: number): number {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1'));
    return match?.[1] ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export interface MemorySample {
  readonly peakKb: number; // Σ VmHWM: each process's own peak, summed (an upper bound for the tree)
  readonly residentKb: number; // Σ VmRSS now
  // Σ Pss now: resident pages with each shared page divided among the processes mapping it, so the
  // Node binary's code, mapped by every Node process on the machine, is not charged in full.
  readonly proportionalKb: number;
  readonly processes: number;
}

export function memory(root: number): MemorySample {
  const tree = processTree(root);
  let peakKb = 0;
  let residentKb = 0;
  let proportionalKb = 0;
  for (const { pid } of tree) {
    peakKb += statusKb(pid, 'VmHWM');
    residentKb += statusKb(pid, 'VmRSS');
    proportionalKb += pssKb(pid);
  }
  return { peakKb, residentKb, proportionalKb, processes: tree.length };
}

/** One core's time from `/proc/stat`, in clock ticks, split by who used it. */
export interface CoreTicks {
  /** user + nice + system: processes, the proxy's own time included. */
  readonly processes: number;
  /** irq + softirq: on loopback the sender's softirq also runs the receiver's TCP path. */
  readonly interrupts: number;
  /** Time the hypervisor gave this vCPU to someone else. */
  readonly steal: number;
  readonly busy: number;
  readonly total: number;
}

export function coreTicks(core: number): CoreTicks {
  const line = readFileSync('/proc/stat', 'latin1')
    .split('\n')
    .find((l) => l.startsWith(`cpu${core} `));
  if (!line) return { processes: 0, interrupts: 0, steal: 0, busy: 0, total: 0 };
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  const processes = user + nice + system;
  const busy = processes + irq + softirq + steal;
  return { processes, interrupts: irq + softirq, steal, busy, total: busy + idle + iowait };
}

/** Shares of the proxy's core during a run, besides the proxy's own process time. */
export interface ProxyCoreShares {
  /** Other processes: the only real contention ("others took"). */
  readonly otherProcesses: number;
  /** Interrupt and softirq time: mostly the network path of the proxy's own traffic, not contention. */
  readonly interrupts: number;
  readonly steal: number;
}

export function proxyCoreShares(before: CoreTicks, after: CoreTicks, proxyTicks: number): ProxyCoreShares | null {
  const total = after.total - before.total;
  if (total <= 0) return null;
  return {
    otherProcesses: Math.max(0, after.processes - before.processes - proxyTicks) / total,
    interrupts: (after.interrupts - before.interrupts) / total,
    steal: (after.steal - before.steal) / total,
  };
}
