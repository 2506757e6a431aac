import { z } from "zod";

/**
 * Every message a browser may send to a classroom room: the Colyseus message type and the zod schema of
 * its payload. The server parses each one with `safeParse` and answers a bad one with a refusal instead
 * of disconnecting (Colyseus' own `validate()` would close the socket). Schemas are strict: a stray field
 * is an error, so a typo in the client shows up at once.
 *
 * A student's move is `command`: an engine Command (shared/sim/commands.ts), run as the student's seat;
 * the engine validates it and authorises it by seat. The seat always comes from the server's record of
 * the player, never from the message.
 */
const playerId = z.string().min(1).max(64);
const seat = z.string().min(1).max(300);

/** Upper bound of one command's JSON (a pasted manifest): larger ones are refused as TooLarge. */
export const MAX_COMMAND_BYTES = 64 * 1024;
export const MAX_KUBECTL_LINE = 10_000;
export const MAX_KUBECTL_FILES = 4;
export const MAX_KUBECTL_FILE_BYTES = 128 * 1024;
/**
 * Largest WebSocket frame the server reads. A bigger one is cut off by the WebSocket layer itself, which
 * closes the connection (1009) before any message handler sees it: the only message that disconnects.
 */
export const MAX_FRAME_BYTES = 1024 * 1024;
/** Longest kubectl output returned (stdout and stderr each); beyond it the output is cut with a note. */
export const MAX_KUBECTL_OUTPUT = 512 * 1024;
/** Playback speeds the instructor can choose: 0.5x to 10x real time. */
export const MIN_SPEED = 0.5;
export const MAX_SPEED = 10;
/** Largest team on one seat an instructor may configure (0 means no limit). */
export const MAX_TEAM_SIZE = 60;
/** Most players one `players.kick` names. */
export const MAX_BULK_PLAYERS = 500;

export const StudentMessages = {
  /** Run an engine command (an object with a `type`) as my seat (or as "instructor" for the instructor). */
  command: z.strictObject({ command: z.record(z.string(), z.unknown()) }),
  /**
   * A kubectl command line, run on the server against the live cluster as my seat: reads answer from
   * the cluster, changes are engine commands like any other (authorised by seat, recorded). Files for
   * `-f NAME` travel with it (the browser has no file system).
   */
  kubectl: z.strictObject({
    line: z.string().min(1).max(MAX_KUBECTL_LINE),
    namespace: z.string().min(1).max(253).optional(),
    files: z
      .record(z.string().min(1).max(300), z.string().max(MAX_KUBECTL_FILE_BYTES))
      .refine((files) => Object.keys(files).length <= MAX_KUBECTL_FILES, `at most ${MAX_KUBECTL_FILES} files`)
      .optional(),
    stdin: z.string().max(MAX_KUBECTL_FILE_BYTES).optional(),
  }),
  /** Take a seat (or join its team); leaves the previous one. */
  "seat.take": z.strictObject({ seat }),
  /** Go back to the lobby: the seat's bot covers if nobody else holds it. */
  "seat.leave": z.strictObject({}),
  /**
   * The default scheduler's filters and scores for a pod on every node (kube-scheduler-simulator style).
   * Read-only: anyone may ask, also in the lobby and while frozen. Reply: ExplainReply; NotFound for an
   * unknown pod.
   */
  explain: z.strictObject({
    pod: z.string().min(1).max(253),
    namespace: z.string().min(1).max(253).optional(),
  }),
} as const;

export const InstructorMessages = {
  /** Start the simulation clock (from the lobby). */
  "session.start": z.strictObject({}),
  "session.pause": z.strictObject({}),
  "session.resume": z.strictObject({}),
  /** Playback speed: simulated seconds per real second. */
  "session.speed": z.strictObject({ speed: z.number().min(MIN_SPEED).max(MAX_SPEED) }),
  /** A locked session admits nobody new (returning players still get back in). */
  "session.lock": z.strictObject({ locked: z.boolean() }),
  /** Whether new players may join once the simulation has started. */
  "session.lateJoin": z.strictObject({ allowed: z.boolean() }),
  /** "free": students pick their seats; "assigned": only the instructor seats them. */
  "session.seatChoice": z.strictObject({ mode: z.enum(["free", "assigned"]) }),
  /**
   * How much kube-scheduler's view a human scheduler gets before a move: "full" (feasible Nodes lit,
   * the others dimmed with their reasons, the scores), "reasons" (the reasons only), "none" (judged after).
   */
  "session.help": z.strictObject({ level: z.enum(["full", "reasons", "none"]) }),
  /**
   * The teacher's challenge: kubelet players renew their node's Lease by hand (a recorded engine
   * command). A human heartbeat needs real time, so the speed is held at 1x while it is on.
   */
  "session.heartbeats": z.strictObject({ manual: z.boolean() }),
  /** Most students one seat may hold (0: no limit). */
  "session.teamSize": z.strictObject({ size: z.number().int().min(0).max(MAX_TEAM_SIZE) }),
  /** The nickname word filter: on or off, and words the teacher allows anyway. */
  "session.wordFilter": z.strictObject({
    enabled: z.boolean(),
    allow: z.array(z.string().min(1).max(40)).max(100).optional(),
  }),
  /**
   * Freeze the class: students' `command` and kubectl changes are refused (reason "Frozen", with the
   * message) and everyone sees the message in session.freezeMessage; bots and the instructor go on.
   */
  "session.freeze": z.strictObject({ message: z.string().max(500) }),
  "session.unfreeze": z.strictObject({}),
  /** Show or hide the leaderboard for students. */
  "session.leaderboard": z.strictObject({ visible: z.boolean() }),
  /**
   * A hint to one seat's players, one player, or everyone (neither given; not both). Pushed as `hint`
   * (HintMessage) to the connected players it is for; recorded. Reply: HintSent.
   */
  hint: z.strictObject({
    text: z.string().min(1).max(500),
    seat: seat.optional(),
    playerId: playerId.optional(),
  }),
  /** Ends the session for everyone; the record stays. */
  "session.end": z.strictObject({}),
  /** Put a player on a seat (null: back to the lobby), whatever the seat-choice mode and team size. */
  "seat.assign": z.strictObject({ playerId, seat: seat.nullable() }),
  /** Remove a player: their identity cannot come back (they may join again under a new nickname). */
  "player.kick": z.strictObject({ playerId }),
  /**
   * Kick, and refuse this player's token and device for the rest of the session; with `address`, also
   * every new player from the address they joined from (on a classroom network that is often everyone:
   * players already in from it stay). Sent again for a banned player, it sets the address part only.
   */
  "player.ban": z.strictObject({ playerId, address: z.boolean().optional() }),
  /** Lifts a ban (device and address); the player stays removed (they join again as someone new). */
  "player.unban": z.strictObject({ playerId }),
  /** Removes several players at once (`ban`: bans them, `address` as for player.ban). */
  "players.kick": z.strictObject({
    playerIds: z.array(playerId).min(1).max(MAX_BULK_PLAYERS),
    ban: z.boolean().optional(),
    address: z.boolean().optional(),
  }),
} as const;

export type StudentMessageType = keyof typeof StudentMessages;
export type InstructorMessageType = keyof typeof InstructorMessages;
export type MessageType = StudentMessageType | InstructorMessageType;

const SCHEMAS = { ...StudentMessages, ...InstructorMessages };

/** A message's payload as the server has parsed it (for `command`, the engine still validates the command). */
export type MessagePayload<T extends MessageType> = z.infer<(typeof SCHEMAS)[T]>;

export const MESSAGE_TYPES = Object.keys(SCHEMAS) as MessageType[];

export function isMessageType(type: string): type is MessageType {
  return Object.hasOwn(SCHEMAS, type);
}

export function isInstructorMessage(type: string): type is InstructorMessageType {
  return Object.hasOwn(InstructorMessages, type);
}

/** Each schema seen as the parser of its own payload type, so a lookup by a generic type stays typed. */
const PARSERS: { [T in MessageType]: z.ZodType<MessagePayload<T>> } = SCHEMAS;

/** The payload schema of a message type. */
export function messageSchema<T extends MessageType>(type: T): z.ZodType<MessagePayload<T>> {
  return PARSERS[type];
}

/**
 * An instructor action over HTTP (`POST /api/sessions/:code/actions`): the same message, its type in a
 * `type` field next to the payload's fields. `command` is allowed too (run as the instructor seat).
 */
export const InstructorActionBody = z.looseObject({ type: z.string().min(1).max(64) });
