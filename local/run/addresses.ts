// Loopback addresses for the cluster's services. Each service host gets an address of its own
// in 127.0.0.0/8 and keeps its cluster port, so every value that names a host and a port (a JDBC
// URL, SERVING_PG_HOST with SERVING_PG_PORT) stays right once the host name is mapped.
import { createServer } from "node:net";

export async function pickLoopback(port: number, taken: ReadonlySet<string>): Promise<string> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const address = `127.${100 + rand(150)}.${rand(256)}.${1 + rand(254)}`;
    if (taken.has(address)) continue;
    if (await canListen(address, port)) return address;
  }
  throw new Error(`no free loopback address for port ${port} (is the port taken on all addresses?)`);
}

const rand = (n: number) => Math.floor(Math.random() * n);

export function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A free TCP port on 127.0.0.1 (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0 }, () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
