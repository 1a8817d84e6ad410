import { notBuiltYet } from '../command.ts';

export const serveCommand = notBuiltYet('serve', 'run the gateway: a reverse proxy and load balancer that names the cause of every error it returns', ' a reverse proxy and load balancer that names the cause of every error it returns:issue #3');
