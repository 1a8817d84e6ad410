import { notBuiltYet } from '../command.ts';

export const doctorCommand = notBuiltYet('doctor', 'read gateway logs (AWS ALB/CLB, NGINX, HAProxy, Envoy, Gatewise) and name the cause of every 5xx', 'issue #4');
