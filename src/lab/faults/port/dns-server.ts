// A UDP listener on loopback that reads DNS queries and either answers NXDOMAIN or stays silent:
// shared by the two DNS faults.
import { createSocket } from 'node:dgram';
import { LabError } from '../../errors.ts';
import { dnsResponse, RCODE_NXDOMAIN, readDnsQuestion } from '../../dns-message.ts';
import type { PortFaultEnv, RunningPortFault } from '../../fault.ts';

export function startDnsServer(env: PortFaultEnv, listener: string, answer: 'nxdomain' | 'none'): Promise<RunningPortFault> {
  const socket = createSocket({ type: env.host.includes(':') ? 'udp6' : 'udp4' });
  socket.on('message', (message, remote) => {
    const query = readDnsQuestion(message);
    if (!query) return;
    env.log.emit({ type: 'dns-query', listener, name: query.name, qtype: query.qtype, answer });
    if (answer === 'nxdomain') socket.send(dnsResponse(query, RCODE_NXDOMAIN), remote.port, remote.address);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', (error: NodeJS.ErrnoException) => {
      reject(new LabError('ERR_LAB_LISTEN', `lab listener "${listener}" cannot bind UDP ${env.host}:${env.port} (${error.code}): choose another --listen port`));
    });
    socket.bind({ address: env.host, port: env.port }, () => {
      socket.removeAllListeners('error');
      socket.on('error', () => {});
      resolve({
        port: socket.address().port,
        close: () => new Promise<void>((done) => socket.close(() => done())),
      });
    });
  });
}
