/** The DOMs Readability can run on (article.ts); a module of its own so env.ts need not load either DOM. */
export const EXTRACTORS = ["lean", "readability"] as const;
export type ExtractorName = (typeof EXTRACTORS)[number];
