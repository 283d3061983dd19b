/** Binding the HTTP server: a bind that fails is a configuration problem, said in one line. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, settingLabel } from '../../config/index.js';

/** Listens on host:port (0 = any free port); resolves the bound address as a URL origin (http://host:port). */
export async function listen(server: Server, host: string, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, host, port)));
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const bound = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${bound}:${address.port}`;
}

/** Says which setting to change, or passes the error on when no setting is to blame. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host}:${port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return new ConfigError(
        `${settingLabel('port')}: ${where} is already in use; choose another port (0 = any free port)`,
      );
    case 'EACCES':
      return new ConfigError(
        `${settingLabel('port')}: no permission to listen on ${where}; use a port above 1023`,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new ConfigError(`${settingLabel('host')}: '${host}' is not an address of this machine`);
    default:
      return error;
  }
}
