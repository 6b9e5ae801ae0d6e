import { normalise } from "./reading/tokens.ts";

/** Words a phrase may capitalise that are no company: "Pairs", "Buy", the months' and days' names aside. */
const NOT_COMPANIES =
  /^(?:Pairs?|Buy|Sell|Long|Short|Trade|Trading|Spread|Entry|Exit|Hold|Mean|Cointegrated|Cointegration|Statistical|Stat|Go|The|When|Then|And|Both|Either)$/;

/**
 * Lower-case words after "pairs trade" that are no company: what a pair is built from or of ("pairs trade the log
 * prices and the ratio", "pair trading two stocks and their spread"), and the words of its rule.
 */
const NOT_NAMES = new Set(
  (
    "a an the its their this that these those my our your two both each either other some any all log logs " +
    "logarithm logarithms price prices close closes ratio ratios spread spreads stock stocks share shares etf etfs " +
    "fund funds symbol symbols ticker tickers name names asset assets leg legs hedge hedged hedging beta ols " +
    "regression cointegrated cointegration correlated mean reversion reverting z zscore score scores sigma " +
    "standard deviation deviations window windows day days week weeks month months year years buy sell long short " +
    "entry exit trade trades trading using use with between on of for when if then and or vs versus against " +
    "it them is are be rolling fixed static fitted dynamic simple classic basic statistical stat arbitrage arb"
  ).split(" "),
);

/** A pair named in lower case, as dictation writes it: after "pairs trade" ("pairs trade coke and pepsi") or before "pair". */
const NAME = String.raw`([a-z][a-z'&-]+(?:\s+[a-z][a-z'&-]+)?)`;
const LOWER_PAIR = [
  new RegExp(
    String.raw`\bpairs?(?:[\s-]+(?:trade|trades|trading))?\s+(?:(?:on|of|with|between|for|using)\s+)?(?:the\s+)?${NAME}\s+(?:and|vs\.?|versus|&|\/|against|with|over)\s+(?:the\s+)?${NAME}\b`,
  ),
  new RegExp(
    String.raw`\b${NAME}\s+(?:and|vs\.?|versus|&|\/|against)\s+${NAME}\s+(?:pairs?|spread)(?:[\s-]+(?:trade|trades|trading))?\b`,
  ),
];
/** A company's name of one or two words, none of them a word of the rule ("home depot", not "log prices"). */
const named = (name: string) => name.split(/\s+/).every((w) => !NOT_NAMES.has(w));

/**
 * Two companies joined as a pair in the text ("Coke and Pepsi", "Shell vs Chevron", dictation's "pairs trade exxon
 * versus chevron"), or null.
 */
export function companyPair(concept: string): string | null {
  for (const m of concept.matchAll(
    /\b([A-Z][a-z]{2,})\s*(?:\band\b|\bvs\.?|\bversus\b|&|\/|\bagainst\b)\s*([A-Z][a-z]{2,})\b/g,
  ))
    if (!NOT_COMPANIES.test(m[1]!) && !NOT_COMPANIES.test(m[2]!)) return `${m[1]} and ${m[2]}`;
  const text = concept.toLowerCase();
  for (const pattern of LOWER_PAIR) {
    const m = pattern.exec(text);
    if (m && named(m[1]!) && named(m[2]!) && m[1] !== m[2]) return `${m[1]} and ${m[2]}`;
  }
  return null;
}

/**
 * Whether the text states a setting of the rule: a number, in digits or in words as dictation writes them ("twenty
 * day z score … below minus two point five"), read as the reading reads them (story numbers set aside).
 */
export const statesSetting = (concept: string) => /\d/.test(normalise(concept));
