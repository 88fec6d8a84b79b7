// A TCP server on 127.0.0.1 that accepts every connection and never answers: the endpoint that used to
// hang AWS calls forever. It counts what it accepted and closes every socket when stopped.
import * as net from 'node:net';

export interface SilentServer {
  readonly endpoint: string;
  /** Connections accepted so far. */
  accepted(): number;
  /** Destroys every open socket, then closes the server. */
  stop(): Promise<void>;
}

export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    // Read and drop the request; a client giving up resets the socket, which is expected here.
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accepted: () => accepted,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        sockets.clear();
        server.close(() => resolve());
      }),
  };
}
