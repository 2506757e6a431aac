import { ArraySchema, MapSchema, type Schema, SetSchema } from "@colyseus/schema";

/**
 * Writes a plain view (shared/view) into a synced schema object, changing only what differs, so a patch
 * carries real changes only. The schema's own metadata says what each field holds: a primitive, a
 * nested schema, or a map, array or set of either; a plain Map, array or Set fills it. Fields the view
 * leaves out are left as they are (a seat's holders belong to the classroom, not to the cluster).
 */
type SchemaClass = (new () => Schema) & { [Symbol.metadata]?: Record<number, FieldDef> };
type FieldType = string | SchemaClass | { map: FieldType } | { array: FieldType } | { set: FieldType };
interface FieldDef {
  name: string;
  type: FieldType;
}

const fieldCache = new WeakMap<object, Map<string, FieldType>>();

function fieldsOf(target: Schema): Map<string, FieldType> {
  const ctor = target.constructor as SchemaClass;
  let fields = fieldCache.get(ctor);
  if (!fields) {
    fields = new Map();
    const meta = ctor[Symbol.metadata] ?? {};
    for (let i = 0; meta[i] !== undefined; i++) {
      const def = meta[i] as FieldDef;
      fields.set(def.name, def.type);
    }
    fieldCache.set(ctor, fields);
  }
  return fields;
}

const isSchemaClass = (type: FieldType): type is SchemaClass => typeof type === "function";

const isZero = (value: unknown): boolean => value === "" || value === 0 || value === false;

const isEmpty = (collection: unknown): boolean =>
  Array.isArray(collection)
    ? collection.length === 0
    : (collection as ReadonlyMap<unknown, unknown> | ReadonlySet<unknown>).size === 0;

/**
 * `previous` is the view this very target was last written from, when the caller kept it (a view is
 * never changed after it is handed over): then what equals it is skipped without reading the schema's
 * getters, which is most of a write's cost when a large view (a node's machine) changes in one place.
 */
export function writeView(target: Schema, view: object, previous?: object): void {
  const record = target as unknown as Record<string, unknown>;
  const before = previous as Record<string, unknown> | undefined;
  const fields = fieldsOf(target);
  const source = view as Record<string, unknown>;
  for (const name in source) {
    const value = source[name];
    if (value === undefined) continue;
    const last = before?.[name];
    if (last === value) continue;
    const type = fields.get(name);
    if (type === undefined) continue;
    if (typeof type === "string") {
      const current = record[name];
      // a field without a schema default reads as its zero on the client: a zero is not sent
      if (current !== value && !(current === undefined && isZero(value))) record[name] = value;
    } else if (isSchemaClass(type)) {
      let child = record[name] as Schema | undefined;
      if (!child) {
        child = new type();
        record[name] = child;
        writeView(child, value as object);
      } else writeView(child, value as object, last as object | undefined);
    } else if (record[name] === undefined && isEmpty(value)) {
      // an optional collection (no schema default): not created, so not sent, while the view's is empty
    } else if ("map" in type) {
      record[name] ??= new MapSchema();
      writeMap(
        record[name] as MapSchema<unknown>,
        value as ReadonlyMap<string, unknown>,
        type.map,
        last as ReadonlyMap<string, unknown> | undefined,
      );
    } else if ("array" in type) {
      record[name] ??= new ArraySchema();
      writeArray(
        record[name] as ArraySchema<unknown>,
        value as readonly unknown[],
        type.array,
        last as readonly unknown[] | undefined,
      );
    } else if ("set" in type) {
      record[name] ??= new SetSchema();
      writeSet(
        record[name] as SetSchema<unknown>,
        value as ReadonlySet<unknown>,
        last as ReadonlySet<unknown>,
      );
    }
  }
}

/** Puts one entry of a map of schemas: created when missing, else written over (see writeView's `previous`). */
export function putEntry<S extends Schema>(
  map: MapSchema<S>,
  key: string,
  view: object,
  create: () => S,
  previous?: object,
): void {
  let item = map.get(key);
  if (item === undefined) {
    item = create();
    writeView(item, view);
    map.set(key, item);
  } else writeView(item, view, previous);
}

function writeMap(
  target: MapSchema<unknown>,
  source: ReadonlyMap<string, unknown>,
  child: FieldType,
  previous: ReadonlyMap<string, unknown> | undefined,
): void {
  const keys = previous ? [...previous.keys()] : [...target.keys()];
  for (const key of keys) if (!source.has(key)) target.delete(key);
  for (const [key, value] of source) {
    const last = previous?.get(key);
    if (last === value && last !== undefined) continue;
    if (isSchemaClass(child))
      putEntry(
        target as MapSchema<Schema>,
        key,
        value as object,
        () => new child(),
        last as object | undefined,
      );
    else if (target.get(key) !== value) target.set(key, value);
  }
}

function writeArray(
  target: ArraySchema<unknown>,
  source: readonly unknown[],
  child: FieldType,
  previous: readonly unknown[] | undefined,
): void {
  if (!isSchemaClass(child)) {
    let same = target.length === source.length;
    if (same && previous?.length === source.length) {
      for (let i = 0; same && i < source.length; i++) same = previous[i] === source[i];
    } else for (let i = 0; same && i < source.length; i++) same = target.at(i) === source[i];
    if (!same) target.splice(0, target.length, ...source);
    return;
  }
  while (target.length > source.length) target.pop();
  source.forEach((value, i) => {
    const item = target.at(i) as Schema | undefined;
    if (item) writeView(item, value as object, previous?.[i] as object | undefined);
    else {
      const created = new child();
      writeView(created, value as object);
      target.push(created);
    }
  });
}

/**
 * The Set each synced set was last written from. The view functions make a new Set whenever they build
 * one and never change it after, so a view handing the same Set again (shared/view/proxies.ts keeps a
 * rule's backends while the rule stays) has nothing new: skipped without comparing its members.
 */
const setSources = new WeakMap<SetSchema<unknown>, ReadonlySet<unknown>>();

function writeSet(
  target: SetSchema<unknown>,
  source: ReadonlySet<unknown>,
  previous: ReadonlySet<unknown> | undefined,
): void {
  if (setSources.get(target) === source) return;
  if (previous && previous.size === source.size && [...source].every((v) => previous.has(v))) {
    setSources.set(target, source);
    return;
  }
  setSources.set(target, source);
  for (const value of [...target.values()]) if (!source.has(value)) target.delete(value);
  for (const value of source) if (!target.has(value)) target.add(value);
}
