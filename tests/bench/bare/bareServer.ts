import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "@colyseus/core";
import { Encoder } from "@colyseus/schema";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { BareRoom } from "./BareRoom.ts";

/** The bare room's own process (so its CPU is measured alone), on a loopback port it prints. */
Encoder.BUFFER_SIZE = 1024 * 1024;
const httpServer = createServer();
const server = new Server({ transport: new WebSocketTransport({ server: httpServer }), greet: false });
server.define("bare", BareRoom).filterBy(["class"]);
await server.listen(0, "127.0.0.1");
process.stdout.write(`bare listening on http://127.0.0.1:${(httpServer.address() as AddressInfo).port}\n`);
process.on("SIGTERM", () => process.exit(0));
