/**
 * A pass over the HTML text before the DOM is built that drops what Readability throws away first anyway:
 * comments, `<style>` elements, and `<script>` elements other than JSON-LD (which Readability reads for the
 * title, byline and dates). On the 30 fixture pages scripts and styles are ~40% of the bytes; dropping them
 * here spares htmlparser2 tokenising them, linkedom holding them and the garbage collector freeing them.
 *
 * The pass must cut exactly where htmlparser2 (linkedom's tokenizer) would see those nodes begin and end, or it
 * could eat real markup or leave half a script as text. So it follows htmlparser2's tokenizer rules for
 * everything it steps over: tag interiors (quoted and unquoted attribute values, so `<a title="<script>">` is
 * an attribute), raw-text elements (`<title>`, `<textarea>`, `<xmp>` are skipped whole, script and style end
 * only at `</script` / `</style` followed by whitespace or `>`), comments (`<!-->` is a whole comment), CDATA,
 * declarations, processing instructions and end tags (each to its `>`). What it cannot read to the end (a tag
 * cut off by the end of the input) is left as it is. An unclosed script or comment runs to the end of the
 * input, as it does for the parser. `<script/>` is left alone: htmlparser2 keeps it open as a normal element.
 */

const GT = 62; // >
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const EQ = 61;
const DQ = 34;
const SQ = 39;

const isWhitespace = (c: number) => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
const isAsciiAlpha = (c: number) => (c | 0x20) >= 97 && (c | 0x20) <= 122;

const RAW_TEXT = new Set(["script", "style", "title", "textarea", "xmp"]);

// htmlparser2 matches end sequences with `c | 0x20`, which also takes U+000F for `/` and U+001C for `<`. Rather
// than copy that quirk, a page holding either character is parsed as it is.
const hasSequenceQuirk = (html: string) => html.includes("\u000f") || html.includes("\u001c");

/** Tag-interior states of htmlparser2's tokenizer, from just after the tag name to the `>` that ends the tag. */
enum State {
  BeforeName,
  SelfClosing,
  Name,
  AfterName,
  BeforeValue,
  UnquotedValue,
}

/** The index of the `>` that ends a start tag whose name ends at `from`, and whether it was `/>`; null at EOF. */
function endOfStartTag(html: string, from: number): { gt: number; selfClosing: boolean } | null {
  let state = State.BeforeName;
  for (let i = from; i < html.length; i++) {
    const c = html.charCodeAt(i);
    switch (state) {
      case State.BeforeName:
        if (c === GT) return { gt: i, selfClosing: false };
        if (c === SLASH) state = State.SelfClosing;
        else if (!isWhitespace(c)) state = State.Name;
        break;
      case State.SelfClosing:
        if (c === GT) return { gt: i, selfClosing: true };
        if (!isWhitespace(c)) {
          state = State.BeforeName;
          i--; // reconsume
        }
        break;
      case State.Name:
        if (c === EQ || c === SLASH || c === GT || isWhitespace(c)) {
          state = State.AfterName;
          i--;
        }
        break;
      case State.AfterName:
        if (c === EQ) state = State.BeforeValue;
        else if (c === SLASH || c === GT) {
          state = State.BeforeName;
          i--;
        } else if (!isWhitespace(c)) state = State.Name;
        break;
      case State.BeforeValue:
        if (c === DQ || c === SQ) {
          const close = html.indexOf(c === DQ ? '"' : "'", i + 1);
          if (close === -1) return null;
          i = close;
          state = State.BeforeName;
        } else if (!isWhitespace(c)) {
          state = State.UnquotedValue;
          i--;
        }
        break;
      case State.UnquotedValue:
        if (c === GT || isWhitespace(c)) {
          state = State.BeforeName;
          i--;
        }
        break;
    }
  }
  return null;
}

/** Where the raw text of `name` ends: the index of its `</name` followed by whitespace or `>`; -1 if never. */
function endOfRawText(html: string, name: string, from: number): number {
  for (let at = html.indexOf("</", from); at !== -1; at = html.indexOf("</", at + 1)) {
    const after = html.charCodeAt(at + 2 + name.length);
    if (
      (after === GT || isWhitespace(after)) &&
      html.slice(at + 2, at + 2 + name.length).toLowerCase() === name
    ) {
      return at;
    }
  }
  return -1;
}

/** Index just past the next `>` at or after `from`, or the end of the input. */
function pastNext(html: string, text: string, from: number): number {
  const at = html.indexOf(text, from);
  return at === -1 ? html.length : at + text.length;
}

/** `html` without comments, styles and non-JSON-LD scripts; everything else byte for byte as it was. */
export function stripInert(html: string): string {
  if (hasSequenceQuirk(html)) return html;
  const kept: string[] = [];
  let copyFrom = 0;
  const drop = (start: number, end: number) => {
    kept.push(html.slice(copyFrom, start));
    copyFrom = end;
  };
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    if (lt === -1) break;
    const c = html.charCodeAt(lt + 1);
    if (c === BANG) {
      if (html.startsWith("--", lt + 2)) {
        // The comment's own `--` may end it too: `<!-->` and `<!--->` are whole comments.
        i = pastNext(html, "-->", lt + 2);
        drop(lt, i);
      } else if (html.startsWith("[CDATA[", lt + 2)) {
        i = pastNext(html, "]]>", lt + 9);
      } else {
        i = pastNext(html, ">", lt + 2);
      }
      continue;
    }
    if (c === QUESTION || c === SLASH) {
      i = pastNext(html, ">", lt + 2);
      continue;
    }
    if (!isAsciiAlpha(c)) {
      i = lt + 1;
      continue;
    }
    let nameEnd = lt + 2;
    while (nameEnd < html.length) {
      const d = html.charCodeAt(nameEnd);
      if (d === GT || d === SLASH || isWhitespace(d)) break;
      nameEnd++;
    }
    const tag = endOfStartTag(html, nameEnd);
    if (!tag) break; // a tag cut off by the end of the input: leave the rest as it is
    i = tag.gt + 1;
    const name = nameEnd - lt - 1 <= 8 ? html.slice(lt + 1, nameEnd).toLowerCase() : "";
    if (!RAW_TEXT.has(name) || tag.selfClosing) continue;
    const textEnd = endOfRawText(html, name, i);
    // Past the end tag's `>` (htmlparser2 skips anything between the name and `>`), or to the end of the input.
    i = textEnd === -1 ? html.length : pastNext(html, ">", textEnd + 2 + name.length);
    const jsonLd = name === "script" && /ld\+json/i.test(html.slice(lt, tag.gt));
    if (name === "style" || (name === "script" && !jsonLd)) drop(lt, i);
  }
  if (copyFrom === 0) return html;
  kept.push(html.slice(copyFrom));
  return kept.join("");
}
