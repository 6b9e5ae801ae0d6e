import type { Config } from "../env.ts";
import { arxivProvider } from "./arxiv.ts";
import { fixturesProvider } from "./fixtures.ts";
import { tavilyProvider } from "./tavily.ts";
import type { Provider } from "./types.ts";
import { wikipediaProvider } from "./wikipedia.ts";

/**
 * The providers PROVIDERS enables, in that order; tavily only when its key is set (no key means skip). With
 * `DISCOVERY_SOURCES=fixtures` the fixture web is the only provider: the offline demonstration never reaches
 * for the internet, whatever PROVIDERS says.
 */
export function enabledProviders(config: Config): Provider[] {
  if (config.DISCOVERY_SOURCES === "fixtures") {
    return config.FIXTURE_SEARCH_URL ? [fixturesProvider({ searchUrl: config.FIXTURE_SEARCH_URL })] : [];
  }
  const providers: Provider[] = [];
  for (const name of new Set(config.PROVIDERS)) {
    if (name === "wikipedia") {
      providers.push(
        wikipediaProvider({ apiUrl: config.WIKIPEDIA_API_URL, articleBase: config.WIKIPEDIA_ARTICLE_BASE }),
      );
    } else if (name === "arxiv") {
      providers.push(arxivProvider({ apiUrl: config.ARXIV_API_URL }));
    } else if (name === "tavily" && config.TAVILY_API_KEY) {
      providers.push(tavilyProvider({ apiUrl: config.TAVILY_API_URL, apiKey: config.TAVILY_API_KEY }));
    }
  }
  return providers;
}
