// Just enough of the DNS wire format (RFC 1035 §4.1) for the DNS faults: read the question of a
// query and build an answer-less response with a chosen RCODE.
export interface DnsQuestion {
  readonly id: number;
  readonly name: string;
  readonly qtype: number;
  /** Header flags of the query. */
  readonly flags: number;
  /** The question section's bytes (QNAME, QTYPE, QCLASS), copied into the response. */
  readonly question: Buffer;
}

export function readDnsQuestion(message: Buffer): DnsQuestion | null {
  if (message.length < 12 || message.readUInt16BE(4) < 1) return null;
  const labels: string[] = [];
  let offset = 12;
  while (offset < message.length) {
    const length = message[offset] as number;
    if (length === 0) break;
    if (length > 63) return null; // compression pointers never appear in a question
    labels.push(message.subarray(offset + 1, offset + 1 + length).toString('latin1'));
    offset += 1 + length;
  }
  const end = offset + 1 + 4;
  if (end > message.length) return null;
  return {
    id: message.readUInt16BE(0),
    flags: message.readUInt16BE(2),
    name: labels.join('.'),
    qtype: message.readUInt16BE(offset + 1),
    question: message.subarray(12, end),
  };
}

/** RCODE 3: the name does not exist (RFC 1035 §4.1.1). */
export const RCODE_NXDOMAIN = 3;

export function dnsResponse(query: DnsQuestion, rcode: number): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.id, 0);
  // QR=1, the query's opcode and RD, AA=1, RA=1, the rcode.
  const flags = 0x8000 | (query.flags & 0x7900) | 0x0400 | 0x0080 | (rcode & 0x0f);
  header.writeUInt16BE(flags, 2);
  header.writeUInt16BE(1, 4); // QDCOUNT
  return Buffer.concat([header, query.question]);
}
