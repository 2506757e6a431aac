import { lex, ShellSyntaxError, type Token } from "./lex.ts";

/**
 * The syntax tree of a shell script: lists joined by `;` `&` `&&` `||`, pipelines, simple commands
 * with assignments and redirections, and the compound commands containers use (if, while, until, for,
 * case, { }, ( ), functions). Words stay as written; run.ts expands them when the command runs.
 */
export interface Redirect {
  op: ">" | ">>" | "<" | ">&" | "&>";
  fd?: number;
  target: string;
}

export type Command =
  | { type: "simple"; assigns: string[]; words: string[]; redirects: Redirect[] }
  | { type: "if"; clauses: { cond: Script; body: Script }[]; otherwise?: Script; redirects: Redirect[] }
  | { type: "loop"; until: boolean; cond: Script; body: Script; redirects: Redirect[] }
  | { type: "for"; name: string; items?: string[]; body: Script; redirects: Redirect[] }
  | { type: "case"; word: string; arms: { patterns: string[]; body: Script }[]; redirects: Redirect[] }
  | { type: "group"; subshell: boolean; body: Script; redirects: Redirect[] }
  | { type: "function"; name: string; body: Command };

export interface Pipeline {
  negate: boolean;
  commands: Command[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: "&&" | "||"; pipeline: Pipeline }[];
  background: boolean;
}

export type Script = AndOr[];

const RESERVED = new Set([
  "if",
  "then",
  "elif",
  "else",
  "fi",
  "while",
  "until",
  "do",
  "done",
  "for",
  "in",
  "case",
  "esac",
  "{",
  "}",
  "!",
]);

export function parseScript(src: string): Script {
  const parser = new Parser(lex(src));
  const script = parser.list([]);
  if (!parser.done())
    throw new ShellSyntaxError(`syntax error near unexpected token \`${parser.peekText()}'`);
  return script;
}

class Parser {
  private i = 0;
  private readonly tokens: Token[];
  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  done(): boolean {
    this.skipNewlines();
    return this.i >= this.tokens.length;
  }

  peekText(): string {
    const t = this.tokens[this.i];
    if (!t) return "end of file";
    return t.type === "word" ? t.text : t.type === "op" ? t.op : t.type === "redir" ? t.op : "newline";
  }

  private skipNewlines(): void {
    while (this.tokens[this.i]?.type === "newline") this.i++;
  }

  private isWord(text: string): boolean {
    const t = this.tokens[this.i];
    return t?.type === "word" && t.text === text;
  }

  private isOp(op: string): boolean {
    const t = this.tokens[this.i];
    return t?.type === "op" && t.op === op;
  }

  private expectWord(text: string): void {
    this.skipNewlines();
    if (!this.isWord(text))
      throw new ShellSyntaxError(`syntax error: expected "${text}" near \`${this.peekText()}'`);
    this.i++;
  }

  /** A list up to one of `stops` (reserved words or ")"), not consuming the stop. */
  list(stops: string[]): Script {
    const script: Script = [];
    for (;;) {
      this.skipNewlines();
      const t = this.tokens[this.i];
      if (!t) break;
      if (t.type === "word" && stops.includes(t.text)) break;
      if (t.type === "op" && (t.op === ")" || t.op === ";;") && (stops.includes(t.op) || stops.length > 0))
        break;
      const andOr = this.andOr();
      script.push(andOr);
      const sep = this.tokens[this.i];
      if (sep?.type === "op" && (sep.op === ";" || sep.op === "&")) {
        andOr.background = sep.op === "&";
        this.i++;
      } else if (sep?.type === "newline") {
        this.i++;
      } else if (
        sep &&
        !(sep.type === "word" && stops.includes(sep.text)) &&
        !(sep.type === "op" && (sep.op === ")" || sep.op === ";;"))
      ) {
        throw new ShellSyntaxError(`syntax error near unexpected token \`${this.peekText()}'`);
      }
    }
    return script;
  }

  private andOr(): AndOr {
    const first = this.pipeline();
    const rest: AndOr["rest"] = [];
    while (this.isOp("&&") || this.isOp("||")) {
      const op = (this.tokens[this.i] as { op: "&&" | "||" }).op;
      this.i++;
      this.skipNewlines();
      rest.push({ op, pipeline: this.pipeline() });
    }
    return { first, rest, background: false };
  }

  private pipeline(): Pipeline {
    let negate = false;
    if (this.isWord("!")) {
      negate = true;
      this.i++;
    }
    const commands = [this.command()];
    while (this.isOp("|")) {
      this.i++;
      this.skipNewlines();
      commands.push(this.command());
    }
    return { negate, commands };
  }

  private redirects(): Redirect[] {
    const out: Redirect[] = [];
    for (let t = this.tokens[this.i]; t?.type === "redir"; t = this.tokens[this.i]) {
      const target = this.tokens[this.i + 1];
      if (target?.type !== "word") throw new ShellSyntaxError("syntax error: redirection without a target");
      out.push(
        t.fd === undefined ? { op: t.op, target: target.text } : { op: t.op, fd: t.fd, target: target.text },
      );
      this.i += 2;
    }
    return out;
  }

  private command(): Command {
    const t = this.tokens[this.i];
    if (t?.type === "op" && t.op === "(") {
      this.i++;
      const body = this.list([")"]);
      if (!this.isOp(")")) throw new ShellSyntaxError("syntax error: missing )");
      this.i++;
      return { type: "group", subshell: true, body, redirects: this.redirects() };
    }
    if (t?.type === "word") {
      switch (t.text) {
        case "{": {
          this.i++;
          const body = this.list(["}"]);
          this.expectWord("}");
          return { type: "group", subshell: false, body, redirects: this.redirects() };
        }
        case "if":
          return this.ifCommand();
        case "while":
        case "until": {
          this.i++;
          const cond = this.list(["do"]);
          this.expectWord("do");
          const body = this.list(["done"]);
          this.expectWord("done");
          return { type: "loop", until: t.text === "until", cond, body, redirects: this.redirects() };
        }
        case "for":
          return this.forCommand();
        case "case":
          return this.caseCommand();
      }
      const next = this.tokens[this.i + 1];
      const after = this.tokens[this.i + 2];
      if (
        /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.text) &&
        next?.type === "op" &&
        next.op === "(" &&
        after?.type === "op" &&
        after.op === ")"
      ) {
        this.i += 3;
        this.skipNewlines();
        return { type: "function", name: t.text, body: this.command() };
      }
    }
    return this.simple();
  }

  private ifCommand(): Command {
    this.i++;
    const clauses: { cond: Script; body: Script }[] = [];
    let otherwise: Script | undefined;
    for (;;) {
      const cond = this.list(["then"]);
      this.expectWord("then");
      const body = this.list(["elif", "else", "fi"]);
      clauses.push({ cond, body });
      this.skipNewlines();
      if (this.isWord("elif")) {
        this.i++;
        continue;
      }
      if (this.isWord("else")) {
        this.i++;
        otherwise = this.list(["fi"]);
      }
      this.expectWord("fi");
      break;
    }
    return otherwise
      ? { type: "if", clauses, otherwise, redirects: this.redirects() }
      : { type: "if", clauses, redirects: this.redirects() };
  }

  private forCommand(): Command {
    this.i++;
    const name = this.tokens[this.i];
    if (name?.type !== "word") throw new ShellSyntaxError("syntax error: bad for loop variable");
    this.i++;
    let items: string[] | undefined;
    this.skipNewlines();
    if (this.isWord("in")) {
      this.i++;
      items = [];
      for (let t = this.tokens[this.i]; t?.type === "word"; t = this.tokens[this.i]) {
        items.push(t.text);
        this.i++;
      }
    }
    if (this.isOp(";")) this.i++;
    this.expectWord("do");
    const body = this.list(["done"]);
    this.expectWord("done");
    return items
      ? { type: "for", name: name.text, items, body, redirects: this.redirects() }
      : { type: "for", name: name.text, body, redirects: this.redirects() };
  }

  private caseCommand(): Command {
    this.i++;
    const word = this.tokens[this.i];
    if (word?.type !== "word") throw new ShellSyntaxError("syntax error: bad case");
    this.i++;
    this.expectWord("in");
    const arms: { patterns: string[]; body: Script }[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.isWord("esac")) break;
      if (this.isOp("(")) this.i++;
      const patterns: string[] = [];
      for (let t = this.tokens[this.i]; t?.type === "word"; t = this.tokens[this.i]) {
        patterns.push(t.text);
        this.i++;
        if (this.isOp("|")) this.i++;
        else break;
      }
      if (!this.isOp(")")) throw new ShellSyntaxError("syntax error: bad case pattern");
      this.i++;
      const body = this.list([";;", "esac"]);
      arms.push({ patterns, body });
      if (this.isOp(";;")) this.i++;
    }
    this.expectWord("esac");
    return { type: "case", word: word.text, arms, redirects: this.redirects() };
  }

  private simple(): Command {
    const assigns: string[] = [];
    const words: string[] = [];
    const redirects: Redirect[] = [];
    for (;;) {
      const t = this.tokens[this.i];
      if (t?.type === "redir") {
        redirects.push(...this.redirects());
        continue;
      }
      if (t?.type !== "word") break;
      // Reserved words are reserved only where a command starts: `echo done` prints "done".
      if (words.length === 0 && assigns.length === 0 && RESERVED.has(t.text) && t.text !== "!") break;
      if (words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(t.text)) assigns.push(t.text);
      else words.push(t.text);
      this.i++;
    }
    if (assigns.length === 0 && words.length === 0 && redirects.length === 0) {
      throw new ShellSyntaxError(`syntax error near unexpected token \`${this.peekText()}'`);
    }
    return { type: "simple", assigns, words, redirects };
  }
}
