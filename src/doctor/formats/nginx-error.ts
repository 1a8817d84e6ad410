// NGINX error log lines (ngx_log_error): "2024/05/01 10:00:00 [error] 1234#1234: *5 <message>,
// client: 1.2.3.4, server: x, request: "GET / HTTP/1.1", upstream: "http://…", host: "…"".
// They carry the real reason behind a 502/504 (connect() failed (111: …), upstream prematurely
// closed connection, upstream sent invalid header, …) and are joined to access-log lines.

export interface NginxErrorEntry {
  readonly file: string;
  readonly line: number;
  readonly level: string;
  readonly connection: number | null;
  readonly message: string;
  readonly client: string | null;
  readonly request: string | null;
  readonly upstream: string | null;
  readonly text: string;
}

const LINE = /^(\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}) \[(\w+)\] \d+#\d+: (?:\*(\d+) )?(.*)$/;

export function isNginxErrorLine(text: string): boolean {
  return LINE.test(text);
}

export function parseNginxErrorLine(text: string, file: string, line: number): NginxErrorEntry | null {
  const m = LINE.exec(text);
  if (!m) return null;
  const rest = m[4] as string;
  const client = /, client: ([^,]+)/.exec(rest);
  const request = /, request: "((?:[^"\\]|\\.)*)"/.exec(rest);
  const upstream = /, upstream: "([^"]*)"/.exec(rest);
  const cut = rest.search(/, client: /);
  return {
    file,
    line,
    level: m[2] as string,
    connection: m[3] === undefined ? null : Number(m[3]),
    message: cut >= 0 ? rest.slice(0, cut) : rest,
    client: client ? (client[1] as string) : null,
    request: request ? (request[1] as string) : null,
    upstream: upstream ? (upstream[1] as string) : null,
    text,
  };
}

/**
 * Error entries waiting for their access-log line. Keyed by connection number + request line
 * when the access log has $connection, else by client + request line, matched first in, first out
 * (both logs are written in time order). Bounded: beyond `max` entries the oldest are dropped and counted.
 */
export interface NginxErrorIndex {
  add(entry: NginxErrorEntry): void;
  /** Up to `count` entries (one per failed attempt) for this request, oldest first. */
  take(connection: number | null, client: string | null, request: string | null, count: number): NginxErrorEntry[];
  /** FNV hashes of request lines with an entry: lets the hot path skip lines that cannot match. */
  readonly requestHashes: ReadonlySet<number>;
  readonly size: number;
  readonly dropped: number;
  entries(): NginxErrorEntry[];
}

export function fnvString(text: string): number {
  let h = 0x811c9dc5;
  const bytes = Buffer.from(text, 'utf8');
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  return h >>> 0;
}

export function createNginxErrorIndex(max = 200_000): NginxErrorIndex {
  const byConn = new Map<string, NginxErrorEntry[]>();
  const byClient = new Map<string, NginxErrorEntry[]>();
  const hashes = new Set<number>();
  const all: NginxErrorEntry[] = [];
  let dropped = 0;
  const push = (map: Map<string, NginxErrorEntry[]>, key: string, e: NginxErrorEntry) => {
    const list = map.get(key);
    if (list) list.push(e);
    else map.set(key, [e]);
  };
  const shift = (map: Map<string, NginxErrorEntry[]>, key: string, used: Set<NginxErrorEntry>): NginxErrorEntry | null => {
    const list = map.get(key);
    while (list && list.length > 0) {
      const e = list.shift() as NginxErrorEntry;
      if (!used.has(e)) return e;
    }
    return null;
  };
  const used = new Set<NginxErrorEntry>();
  return {
    add(e) {
      if (e.request === null) return;
      if (all.length >= max) {
        dropped++;
        return;
      }
      all.push(e);
      hashes.add(fnvString(e.request));
      if (e.connection !== null) push(byConn, `${e.connection}|${e.request}`, e);
      push(byClient, `${e.client ?? ''}|${e.request}`, e);
    },
    take(connection, client, request, count) {
      const out: NginxErrorEntry[] = [];
      if (request === null) return out;
      while (out.length < count) {
        let found: NginxErrorEntry | null = null;
        if (connection !== null) found = shift(byConn, `${connection}|${request}`, used);
        if (found === null) found = shift(byClient, `${client ?? ''}|${request}`, used);
        if (found === null) break;
        used.add(found);
        out.push(found);
      }
      return out;
    },
    requestHashes: hashes,
    get size() {
      return all.length;
    },
    get dropped() {
      return dropped;
    },
    entries() {
      return all;
    },
  };
}
