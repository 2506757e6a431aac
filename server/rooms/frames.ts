import { Protocol } from "@colyseus/core";
import { decode, type Iterator } from "@colyseus/schema";
import { unpack } from "msgpackr";

/** The low bits of a frame's first byte: its protocol code (the high bits are modifiers). */
const PROTOCOL_CODE_MASK = 0x1f;

/**
 * A client's message frame as the room reads it. Colyseus' own dispatch closes the socket when a
 * message's msgpack does not decode, and answers a request of an unknown type with its own
 * "no_handler" error; the protocol promises neither (only a frame over MAX_FRAME_BYTES disconnects,
 * and every message gets a Reply), so the room reads these frames itself and hands the rest
 * (join acknowledgement, ping, leave, inputs) to Colyseus.
 */
export type MessageFrame =
  /** `room.send(type, payload)`: answered only when refused. */
  | { kind: "send"; type: string | number; payload: unknown; decoded: boolean }
  /** `room.request(type, payload)`: answered with a Reply under the request's id. */
  | { kind: "request"; requestId: number; type: string | number; payload: unknown; decoded: boolean }
  /** `room.sendBytes(type, bytes)`: the room takes no byte messages; answered as an unknown message. */
  | { kind: "bytes"; type: string | number };

/**
 * Reads a ROOM_DATA, ROOM_REQUEST or ROOM_DATA_BYTES frame; undefined for any other frame. A payload
 * that is not msgpack comes back with `decoded: false`; a header that cannot be read at all (a frame cut
 * short) as a send of type "" not decoded, so it is still answered.
 */
export function readMessageFrame(buffer: Uint8Array | undefined): MessageFrame | undefined {
  if (!buffer || buffer.byteLength === 0) return undefined;
  const code = (buffer[0] as number) & PROTOCOL_CODE_MASK;
  if (code !== Protocol.ROOM_DATA && code !== Protocol.ROOM_REQUEST && code !== Protocol.ROOM_DATA_BYTES) {
    return undefined;
  }
  const it: Iterator = { offset: 1 };
  let requestId: number | undefined;
  let type: string | number;
  try {
    if (code === Protocol.ROOM_REQUEST) requestId = readNumber(buffer, it);
    type = decode.stringCheck(buffer as Buffer, it)
      ? decode.string(buffer as Buffer, it)
      : readNumber(buffer, it);
    if (it.offset > buffer.byteLength) throw new RangeError("frame cut short");
  } catch {
    return requestId === undefined
      ? { kind: "send", type: "", payload: undefined, decoded: false }
      : { kind: "request", requestId, type: "", payload: undefined, decoded: false };
  }
  if (code === Protocol.ROOM_DATA_BYTES) return { kind: "bytes", type };
  let payload: unknown;
  let decoded = true;
  try {
    payload = buffer.byteLength > it.offset ? unpack(buffer.subarray(it.offset)) : undefined;
  } catch {
    decoded = false;
  }
  return requestId === undefined
    ? { kind: "send", type, payload, decoded }
    : { kind: "request", requestId, type, payload, decoded };
}

function readNumber(buffer: Uint8Array, it: Iterator): number {
  const value = decode.number(buffer as Buffer, it);
  if (typeof value !== "number" || !Number.isFinite(value)) throw new RangeError("not a number");
  return value;
}
