import fc from "fast-check";
import type { Nodes } from "mdast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { describe, expect, it } from "vitest";
import { hasCredential } from "../../src/text/credentials.js";
import {
  neutralizeAgentLog,
  neutralizeAgentText,
  quoteAgentLog,
  quoteAgentOutput,
} from "../../src/text/untrusted-output.js";
import { anyText, markdownish } from "./arbitraries.js";
import { fakePemKey } from "../support/keys.js";

const repo = { owner: "acme", repo: "calc" };
const inert = (text: string) => neutralizeAgentText(text, { repo });

// Built at run time, so no secret scanner mistakes this file for a leak.
const token = `ghs_${"aB3dE5gH7jK9".repeat(3)}`;

describe("neutralizeAgentText defuses", () => {
  it.each([
    // Every issue reference goes in a code span, where GitHub links and closes nothing.
    ["a closing keyword", "Fixes #12", "Fixes `#12`"],
    ["a keyword with a colon, in capitals", "CLOSES: #3", "CLOSES: `#3`"],
    ["a list after a keyword", "Resolves #1, #2 and #3", "Resolves `#1`, `#2` and `#3`"],
    ["a cross-repository reference", "fixed other/repo#7", "fixed `other/repo#7`"],
    ["a GH- reference", "resolve gh-5", "resolve `gh-5`"],
    [
      "an issue URL",
      "closes https://github.com/acme/calc/issues/6",
      "closes `https://github.com/acme/calc/issues/6`",
    ],
    [
      "a pull request link",
      "[see](https://github.com/acme/calc/pull/2)",
      "see (`https://github.com/acme/calc/pull/2`)",
    ],
    ["a reference in emphasis", "Fixes **#12**", "Fixes **`#12`**"],
    ["a reference behind a zero-width space", "Fixes #\u200b12", "Fixes `#12`"],
    ["a user mention", "Thanks @alice.", "Thanks `@alice`."],
    ["a team mention", "cc @acme/core-team", "cc `@acme/core-team`"],
    ["a mention in a table", "| who |\n| - |\n| @bob |", "| who    |\n| ------ |\n| `@bob` |"],
    ["an image", "![the diagram](https://evil.example/x.png)", "\\[image: the diagram]"],
    ["an image without alt text", "![](y.png)", "\\[image]"],
    ["a link reference image", "![alt][i]\n\n[i]: https://evil.example/i.png", "\\[image: alt]"],
    ["a link to another host", "[docs](https://evil.example/a)", "docs (`https://evil.example/a`)"],
    ["a bare URL", "see https://evil.example/a", "see `https://evil.example/a`"],
    ["a www. autolink", "see www.evil.example", "see `www.evil.example`"],
    ["an email address", "mail a@evil.example", "mail `a@evil.example`"],
    [
      "a link to another repository",
      "[x](https://github.com/other/repo)",
      "x (`https://github.com/other/repo`)",
    ],
    ["a protocol-relative link", "[x](//evil.example/a)", "x (`//evil.example/a`)"],
    ["a javascript: link", "[x](javascript:alert(1))", "x (`javascript:alert(1)`)"],
    [
      "a link whose text is another URL",
      "[https://github.com/acme/calc](https://evil.example)",
      "`https://github.com/acme/calc` (`https://evil.example`)",
    ],
    ["a link reference", "[x][r]\n\n[r]: https://evil.example", "x (`https://evil.example`)"],
    [
      "a link with credentials",
      "[x](https://me:pw@github.com/acme/calc)",
      "x (`https://me:pw@github.com/acme/calc`)",
    ],
    ["raw HTML", "a <b>b</b> </details>", "a &lt;b>b&lt;/b> &lt;/details>"],
    [
      // A line break before `&lt;` comes out as a space: Markdown cannot escape it there.
      "an HTML block",
      "<details>\n<summary>x</summary>",
      "&lt;details> &lt;summary>x&lt;/summary>",
    ],
    [
      "a fake marker",
      '<!-- nightshift:run {"issue":1} -->',
      '&lt;!-- nightshift:run {"issue":1} -->',
    ],
    ["an unterminated comment", "a <!-- b", "a &lt;!-- b"],
    ["a comment in code", "`<!-- x -->`", "`<!-\u200b- x -->`"],
    ["a token", `token ${token} here`, "token \\[redacted github-token] here"],
    ["a token in code", `\`${token}\``, "`[redacted github-token]`"],
    [
      "a token split by emphasis",
      `x ${token.slice(0, 10)}**${token.slice(10)}**`,
      "x \\[redacted github-token]",
    ],
    [
      "a token in a link",
      `[x](https://github.com/acme/calc?t=${token})`,
      "x (`https://github.com/acme/calc?t=[redacted github-token]`)",
    ],
    ["a footnote label", "a[^@bob]\n\n[^@bob]: b", "a[^1]\n\n[^1]: b"],
    ["a code block's info string", "```js <!-- x\ncode\n```", "```js\ncode\n```"],
    ["a token as a code block's language", `~~~ ${token}\ncode\n~~~`, "```\ncode\n```"],
  ])("%s", (_name, input, expected) => {
    expect(inert(input)).toBe(expected);
  });
});

describe("neutralizeAgentText keeps", () => {
  it.each([
    "# Title\n\nA paragraph with *emphasis*, **strong** and `code`.",
    "- a\n- b\n  - nested\n\n1. one\n2. two",
    "> a quote",
    "```ts\nconst x = a < b && c > d; // @decorator #1\n```",
    "| a | b |\n| - | - |\n| 1 | 2 |",
    "- [x] done\n- [ ] to do",
    "NIGHTSHIFT_ISSUE=6 and snake_case_name, 100% sure, C# and F#.",
    "Emoji 🚀, accents: crème brûlée, 日本語",
    "[the fix](https://github.com/acme/calc/blob/main/src/sum.ts#L3)",
  ])("%j", (text) => {
    expect(inert(text)).toBe(text);
  });

  it("keeps links into the repository, made absolute", () => {
    expect(inert("[sum](src/sum.ts)")).toBe("[sum](https://github.com/acme/calc/src/sum.ts)");
    expect(inert("<https://github.com/acme/calc/tree/main>")).toBe(
      "<https://github.com/acme/calc/tree/main>",
    );
  });

  it("keeps links into the repository on its own server", () => {
    const options = { repo, serverUrl: "https://ghe.example" };
    expect(neutralizeAgentText("[a](https://ghe.example/acme/calc/blob/x)", options)).toBe(
      "[a](https://ghe.example/acme/calc/blob/x)",
    );
    expect(neutralizeAgentText("[a](https://github.com/acme/calc/blob/x)", options)).toBe(
      "a (`https://github.com/acme/calc/blob/x`)",
    );
  });
});

describe("quoteAgentOutput and quoteAgentLog", () => {
  it("fold the agent's words under a summary", () => {
    expect(quoteAgentOutput("Done, @alice.", { repo, summary: "Summary" })).toBe(
      "<details><summary>Summary</summary>\n\nDone, `@alice`.\n\n</details>",
    );
  });

  it("show a log verbatim in a fence it cannot close, without comments or credentials", () => {
    const log = `not ok 1\n\`\`\`\`\n</details>\n<!-- x -->\n@bob #12 ${token}\n`;
    expect(neutralizeAgentLog(log)).toBe(
      "`````\nnot ok 1\n````\n</details>\n<!-\u200b- x -->\n@bob #12 [redacted github-token]\n`````",
    );
    expect(quoteAgentLog("ok", { summary: "Output of <code>test</code>" })).toBe(
      "<details><summary>Output of <code>test</code></summary>\n\n```\nok\n```\n\n</details>",
    );
  });
});

const parser = unified().use(remarkParse).use(remarkGfm);

/** Text GitHub would act on: text outside code, and link destinations. */
function liveParts(node: Nodes): { texts: string[]; urls: string[]; html: string[] } {
  const parts = { texts: [] as string[], urls: [] as string[], html: [] as string[] };
  const visit = (current: Nodes) => {
    if (current.type === "text") parts.texts.push(current.value);
    if (current.type === "html") parts.html.push(current.value);
    if (current.type === "link" || current.type === "image") parts.urls.push(current.url);
    if ("children" in current) current.children.forEach(visit);
  };
  visit(node);
  return parts;
}

const LIVE_REFERENCE = /#\d|\bgh-\d/i;
const MENTION = /@[\w-]/;
const REPOSITORY_PAGE = /^https:\/\/github\.com\/acme\/calc(?:[/?#]|$)/i;
const REFERENCE_PAGE = /\/(?:issues|pulls?|discussions)\/\d/i;

const alnum = (length: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${length}}$`));
const credential = fc.oneof(
  alnum(36).map((tail) => `ghs_${tail}`),
  fc.stringMatching(/^[A-Za-z0-9_-]{40}$/).map((tail) => `sk-ant-api03-${tail}`),
  fc.stringMatching(/^[A-Z0-9]{16}$/).map((tail) => `AKIA${tail}`),
  alnum(40).map((body) => fakePemKey(body)),
  fc
    .tuple(alnum(20), alnum(30), alnum(43))
    .map(([header, payload, signature]) => `eyJ${header}.eyJ${payload}.${signature}`),
);

describe("properties", () => {
  it("never throw", () => {
    fc.assert(
      fc.property(fc.oneof(anyText, markdownish), (text) => {
        quoteAgentOutput(text, { repo });
        quoteAgentLog(text);
      }),
    );
  });

  it("never post a credential, wherever it sits in the Markdown", () => {
    fc.assert(
      fc.property(markdownish, credential, markdownish, (before, secret, after) => {
        const text = `${before} ${secret} ${after}`;
        expect(hasCredential(quoteAgentOutput(text, { repo }))).toBe(false);
        expect(hasCredential(quoteAgentLog(text))).toBe(false);
      }),
    );
  });

  it("never leave a live mention, reference, foreign link or comment", () => {
    fc.assert(
      fc.property(markdownish, (text) => {
        const out = quoteAgentOutput(text, { repo });
        expect(out).not.toContain("<!--");
        const { texts, urls, html } = liveParts(parser.parse(out));
        for (const value of texts) {
          expect(value).not.toMatch(LIVE_REFERENCE);
          expect(value).not.toMatch(MENTION);
        }
        for (const url of urls) {
          expect(url).toMatch(REPOSITORY_PAGE);
          expect(url).not.toMatch(REFERENCE_PAGE);
        }
        // The fold's own two tags are the only HTML: nothing closed it early or added any.
        expect(html).toEqual([
          "<details><summary>What the agent wrote (links, mentions and references disabled)</summary>",
          "</details>",
        ]);
      }),
    );
  });

  it("never leave a comment opener in a log", () => {
    fc.assert(
      fc.property(markdownish, (text) => {
        expect(quoteAgentLog(text)).not.toContain("<!--");
      }),
    );
  });
});
