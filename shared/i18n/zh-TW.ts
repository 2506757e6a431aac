import { type Catalog, en } from "./en.ts";

export const zhTW: Catalog = { ...en };
