import { remove as foldConfusables } from "confusables";

/**
 * Two nicknames clash when these are equal: compatibility-folded ("Ｂｏｂ" = "Bob"), invisible
 * characters dropped, look-alike letters of other scripts folded to the Latin letter they pass for
 * ("аlice" with a Cyrillic а = "alice"; the Unicode confusables skeleton, from the `confusables`
 * package), then case-folded. Server side only: the confusables table is too large for the join page.
 */
export function nicknameKey(nickname: string): string {
  const visible = nickname.normalize("NFKC").replace(/\p{Default_Ignorable_Code_Point}/gu, "");
  return foldConfusables(visible).normalize("NFKC").toLocaleLowerCase("en").replace(/\s+/g, " ");
}
