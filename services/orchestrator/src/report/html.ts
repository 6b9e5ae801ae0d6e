/**
 * HTML built by tagged templates: every interpolated value is escaped unless it is already `SafeHtml` (the
 * result of another `html` template). Concept text, page titles, passages and URLs come from the web and from
 * users, so nothing reaches the page unescaped by accident.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text or attribute value → HTML-safe text (quotes too, so it is safe inside attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false) return "";
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** An http(s) URL for an href, or null: other schemes (javascript:, data:) are shown as text, never linked. */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A link that leaks neither the report's URL nor a window handle to the source site. */
export function link(url: string, text: string): SafeHtml {
  const href = safeHref(url);
  return href
    ? html`<a href="${href}" rel="noopener noreferrer nofollow" referrerpolicy="no-referrer">${text}</a>`
    : html`<span>${text}</span>`;
}
