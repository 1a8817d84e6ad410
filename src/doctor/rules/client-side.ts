// Statuses a proxy makes about the client, not the target: NGINX 499 (client closed the
// connection), ALB 460 (client closed before the idle timeout) and 000 (no response sent), and the
// 4xx a proxy writes itself when no target answered.
import type { CauseId } from '../../causes/index.ts';
import { defineRule, sure } from './verdict.ts';

const BY_STATUS: Readonly<Record<number, CauseId>> = {
  0: 'client_aborted',
  499: 'client_aborted',
  460: 'client_aborted',
  400: 'client_request_invalid',
  408: 'client_request_timeout',
  413: 'client_request_too_large',
  414: 'client_request_headers_too_large',
  431: 'client_request_headers_too_large',
  463: 'client_request_headers_too_large',
  494: 'client_request_headers_too_large',
};

export const clientSideRule = defineRule({
  name: 'client-side',
  apply(e) {
    if (e.status >= 500 || e.targetStatus !== null) return null;
    const cause = BY_STATUS[e.status];
    if (cause === undefined) return null;
    return sure('client-side', cause, 0.9, [`status ${e.status === 0 ? '000' : e.status} made by the proxy, no target answer`]);
  },
});
