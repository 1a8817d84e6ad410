// TLS for https targets: protocol, cipher, ALPN, the certificate chain, the hostname, expiry and the
// handshake time against the 10 s load balancers allow. When the handshake fails, try plain HTTP on
// the same port: "TLS to a plain port" is a config mistake, not a TLS bug.
import { checkServerIdentity, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import type { CauseId } from '../../causes/index.ts';
import { PROBE_DEFAULTS, type ProbeFacts, type ProbeOptions } from '../context.ts';
import { formatMs } from '../duration.ts';
import { connectCause } from '../net/connect.ts';
import { connectTls, looksLikePlainPeer } from '../net/tls-connect.ts';
import { speaksPlainHttp } from '../net/mismatch.ts';
import { pass, problem, skip, type Verdict } from '../result.ts';

const DAY_MS = 86_400_000;
const EXPIRY_WARN_DAYS = 14;
const TLS_CAUSES: readonly CauseId[] = ['upstream_tls_failed', 'upstream_tls_timeout', 'upstream_tls_certificate_invalid', 'upstream_protocol_mismatch'];

function subjectOf(cert: DetailedPeerCertificate): string {
  const cn = cert.subject?.CN;
  return (Array.isArray(cn) ? cn.join(',') : cn) ?? '?';
}

/** "CN=leaf ← CN=intermediate ← CN=root (self-signed)": as far as the peer sent it. */
export function chainText(cert: DetailedPeerCertificate): string {
  const names: string[] = [];
  let current: DetailedPeerCertificate | undefined = cert;
  for (let depth = 0; current && depth < 10; depth++) {
    names.push(`CN=${subjectOf(current)}`);
    const issuer: DetailedPeerCertificate | undefined = current.issuerCertificate;
    if (!issuer || issuer === current || issuer.fingerprint256 === current.fingerprint256) {
      if (String(current.issuer?.CN) === String(current.subject?.CN)) names[names.length - 1] += ' (self-signed)';
      else names.push(`issuer CN=${String(current.issuer?.CN ?? '?')} (not sent)`);
      break;
    }
    current = issuer;
  }
  return names.join(' ← ');
}

export async function checkTls(options: ProbeOptions, facts: ProbeFacts): Promise<Verdict> {
  const { target } = options;
  if (!target.tls) return skip('tls', 'http:// target: no TLS');
  if (!facts.reachable) return skip('tls', 'no address accepted a connection');
  const { address } = facts.reachable;
  const outcome = await connectTls(address, target.port, { servername: target.host, ca: options.ca, timeoutMs: options.timeoutMs });
  if (outcome.kind === 'connect-failed') {
    return problem('tls', 'fail', `connect failed (${outcome.outcome.kind})`, {
      evidence: [`a fresh connection to ${address}:${target.port} failed: ${outcome.outcome.kind}`],
      cause: connectCause(outcome.outcome),
      fix: 'See the tcp check: the port stopped accepting between checks.',
    });
  }
  if (outcome.kind === 'timeout') {
    return problem('tls', 'fail', `no TLS handshake within ${formatMs(outcome.handshakeMs)}`, {
      evidence: [
        `TCP connected in ${formatMs(outcome.connectMs)}; the ClientHello got no answer within ${formatMs(outcome.handshakeMs)}`,
        `load balancers abandon a target handshake after ${formatMs(PROBE_DEFAULTS.tlsLimitMs)} (ALB: TargetTLSNegotiationErrorCount)`,
      ],
      cause: 'upstream_tls_timeout',
      fix: 'The target accepts TCP but does not answer TLS: an overloaded or stuck TLS terminator, or a port that expects another protocol. Check the target process and its TLS listener.',
    });
  }
  if (outcome.kind === 'error') {
    const plain = await speaksPlainHttp(address, target.port, target, options.timeoutMs);
    const evidence = [`TLS handshake failed after ${formatMs(outcome.handshakeMs)}: ${outcome.code} (${outcome.message})`];
    if (plain !== null) {
      return problem('tls', 'fail', 'the port speaks plain HTTP, not TLS', {
        evidence: [...evidence, `plain HTTP on the same port answered: ${plain}`],
        cause: 'upstream_protocol_mismatch',
        fix: `Use http://${target.authority} in the proxy config (or turn TLS on in the target). NGINX: proxy_pass http://…; HAProxy: drop "ssl" from the server line; ALB: target group protocol HTTP.`,
      });
    }
    return problem('tls', 'fail', `TLS handshake failed (${outcome.code})`, {
      evidence: [...evidence, looksLikePlainPeer(outcome.code, outcome.message) ? 'the peer answered with non-TLS bytes, but not with HTTP' : 'plain HTTP on the same port got no HTTP answer either'],
      cause: 'upstream_tls_failed',
      fix: 'Make the TLS versions and ciphers overlap (ALB targets: TLS 1.2+; NGINX proxy_ssl_protocols / proxy_ssl_ciphers; HAProxy ssl-min-ver / ciphers), and check the SNI the target expects (NGINX: proxy_ssl_server_name on). openssl s_client -connect HOST:PORT -servername NAME shows the alert.',
    });
  }
  return { ...judge(outcome.socket, outcome.connectMs, outcome.handshakeMs, options, facts), measured: { handshakeMs: Math.round(outcome.handshakeMs) } };
}

function judge(socket: TLSSocket, connectMs: number, handshakeMs: number, options: ProbeOptions, facts: ProbeFacts): Verdict {
  const { target } = options;
  const cert = socket.getPeerCertificate(true);
  const cipher = socket.getCipher();
  const evidence = [
    `${socket.getProtocol() ?? '?'} ${cipher.name}, ALPN ${socket.alpnProtocol || 'none'}, handshake ${formatMs(handshakeMs)} (connect ${formatMs(connectMs)})`,
  ];
  const problems: { status: 'warn' | 'fail'; text: string; cause: CauseId | null; fix: string }[] = [];
  if (cert && Object.keys(cert).length > 0) {
    evidence.push(`chain: ${chainText(cert)}`);
    const expires = new Date(cert.valid_to).getTime();
    const days = Math.floor((expires - Date.now()) / DAY_MS);
    evidence.push(`valid ${cert.valid_from} → ${cert.valid_to} (${days} days left)`);
    if (!socket.authorized) {
      problems.push({
        status: 'fail',
        text: `certificate not trusted: ${String(socket.authorizationError)}`,
        cause: 'upstream_tls_certificate_invalid',
        fix: 'Serve a chain a verifying proxy trusts (include intermediates), or give the proxy the CA (NGINX proxy_ssl_trusted_certificate; HAProxy ca-file; gatewise probe --ca FILE). ALB does not verify target certificates; NGINX only with proxy_ssl_verify on.',
      });
    }
    const mismatch = checkServerIdentity(target.host, cert);
    if (mismatch) {
      problems.push({
        status: 'fail',
        text: `certificate does not name ${target.host}: ${mismatch.message}`,
        cause: 'upstream_tls_certificate_invalid',
        fix: `Issue the certificate for ${target.host} (subjectAltName), or make the proxy send and verify the name the certificate holds (NGINX proxy_ssl_name; HAProxy sni / verifyhost).`,
      });
    }
    if (days < 0) {
      problems.push({ status: 'fail', text: `certificate expired ${-days} days ago`, cause: 'upstream_tls_certificate_invalid', fix: 'Renew the certificate.' });
    } else if (days < EXPIRY_WARN_DAYS) {
      problems.push({ status: 'warn', text: `certificate expires in ${days} days`, cause: 'upstream_tls_certificate_invalid', fix: 'Renew the certificate before it expires.' });
    }
  } else {
    problems.push({ status: 'fail', text: 'the target sent no certificate', cause: 'upstream_tls_failed', fix: 'Configure a certificate on the target.' });
  }
  if (handshakeMs > PROBE_DEFAULTS.tlsLimitMs / 2) {
    problems.push({
      status: 'warn',
      text: `handshake took ${formatMs(handshakeMs)}, over half the ${formatMs(PROBE_DEFAULTS.tlsLimitMs)} load balancers allow`,
      cause: 'upstream_tls_timeout',
      fix: 'Find what slows the handshake: CPU saturation, a slow OCSP or key store, or a queue in front of the TLS terminator.',
    });
  }
  socket.destroy();
  facts.tlsOk = true;
  const worst = problems.find((p) => p.status === 'fail') ?? problems[0];
  if (!worst) return pass('tls', `${socket.getProtocol() ?? 'TLS'} ok, certificate valid for ${target.host}`, evidence, TLS_CAUSES);
  return problem('tls', worst.status, worst.text, {
    evidence: [...evidence, ...problems.map((p) => p.text)],
    cause: worst.cause,
    fix: problems.map((p) => p.fix).filter((f, i, all) => all.indexOf(f) === i).join(' '),
    rulesOut: ['upstream_protocol_mismatch', 'upstream_tls_failed'],
  });
}
