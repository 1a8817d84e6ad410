// Test certificates for the TLS faults, made at start with the `openssl` command line (no npm
// dependency, the same tool operators use, P-256 keys so it takes milliseconds): a lab CA, a
// certificate it signs for localhost/127.0.0.1/::1 (the good TLS listener), and a self-signed one
// for a name no client asks for (the bad-certificate fault). Made once per process.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LabError } from '../errors.ts';

const run = promisify(execFile);

export interface LabCertificates {
  readonly caCertPem: string;
  /** Signed by the lab CA for DNS:localhost, IP:127.0.0.1, IP:::1. */
  readonly good: { readonly keyPem: string; readonly certPem: string };
  /** Self-signed for DNS:gatewise-lab.invalid. */
  readonly bad: { readonly keyPem: string; readonly certPem: string };
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

let made: Promise<LabCertificates> | null = null;

export function labCertificates(): Promise<LabCertificates> {
  made ??= makeCertificates().catch((error: unknown) => {
    made = null;
    throw error;
  });
  return made;
}

async function openssl(dir: string, args: string[]): Promise<void> {
  try {
    await run('openssl', args, { cwd: dir, timeout: 20_000 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new LabError('ERR_LAB_OPENSSL_MISSING', 'the lab makes its TLS certificates with the "openssl" command, which is not on PATH: install it (Debian: apt-get install openssl)');
    }
    throw new LabError('ERR_LAB_OPENSSL_FAILED', `openssl ${args[0]} failed while making the lab's test certificates: ${e.stderr ?? e.message}`);
  }
}

async function makeCertificates(): Promise<LabCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'gatewise-lab-tls-'));
  try {
    const days = ['-days', '30'];
    await openssl(dir, ['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.crt', ...days, '-subj', '/CN=gatewise lab CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    await openssl(dir, ['req', ...EC, '-keyout', 'good.key', '-out', 'good.csr', '-subj', '/CN=localhost']);
    await writeFile(join(dir, 'good.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth\n');
    await openssl(dir, ['x509', '-req', '-in', 'good.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'good.crt', ...days, '-extfile', 'good.ext']);
    await openssl(dir, ['req', '-x509', ...EC, '-keyout', 'bad.key', '-out', 'bad.crt', ...days, '-subj', '/CN=gatewise-lab.invalid',
      '-addext', 'subjectAltName=DNS:gatewise-lab.invalid']);
    const read = (name: string) => readFile(join(dir, name), 'utf8');
    return {
      caCertPem: await read('ca.crt'),
      good: { keyPem: await read('good.key'), certPem: await read('good.crt') },
      bad: { keyPem: await read('bad.key'), certPem: await read('bad.crt') },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
