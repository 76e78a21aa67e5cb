import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake of the Czech business register ARES (its public REST API) on 127.0.0.1, so that no
 * test reaches the internet: GET {url}/ekonomicke-subjekty/{ico} answers the company in ARES's
 * JSON shape, 404 with ARES's error body for an unknown IČO, 400 for one that is not 8 digits.
 *
 *   const ares = await startFakeAres();            // the samples below; or { companies: [...] }
 *   startTestApp({ ARES_URL: ares.url });          // or new AresRegister({ baseUrl: ares.url, ... })
 *   ares.delayMs = 2000; ares.status = 500; ares.badJson = true;   // simulate trouble
 *   expect(ares.requests).toEqual(['27074358']);   // IČOs asked for, in order
 *   await ares.close();
 */

/** `sidlo` as ARES writes it (numbers are JSON numbers; only the parts an address has are present). */
export interface AresSidloJson {
  kodStatu?: string;
  nazevStatu?: string;
  kodKraje?: number;
  nazevKraje?: string;
  kodOkresu?: number;
  nazevOkresu?: string;
  kodObce?: number;
  nazevObce?: string;
  nazevMestskeCastiObvodu?: string;
  nazevCastiObce?: string;
  kodUlice?: number;
  nazevUlice?: string;
  cisloDomovni?: number;
  cisloOrientacni?: number;
  cisloOrientacniPismeno?: string;
  psc?: number;
  kodAdresnihoMista?: number;
  textovaAdresa?: string;
  [field: string]: unknown;
}

/** An `ekonomicke-subjekty/{ico}` answer (the fields the bot reads and a few it ignores). */
export interface AresSubjectJson {
  ico: string;
  obchodniJmeno: string;
  /** Absent when the company is not VAT-registered. */
  dic?: string;
  sidlo?: AresSidloJson;
  pravniForma?: string;
  datumVzniku?: string;
  [field: string]: unknown;
}

/** ČEZ, a. s. — IČO 45274649 (valid mod-11 check), VAT-registered, Prague. */
export const ARES_CEZ: AresSubjectJson = {
  ico: '45274649',
  obchodniJmeno: 'ČEZ, a. s.',
  sidlo: {
    kodStatu: 'CZ',
    nazevStatu: 'Česká republika',
    kodKraje: 19,
    nazevKraje: 'Hlavní město Praha',
    kodObce: 554782,
    nazevObce: 'Praha',
    nazevMestskeCastiObvodu: 'Praha 4',
    nazevCastiObce: 'Michle',
    kodUlice: 730891,
    nazevUlice: 'Duhová',
    cisloDomovni: 1444,
    cisloOrientacni: 2,
    psc: 14000,
    textovaAdresa: 'Duhová 1444/2, Michle, 14000 Praha 4',
  },
  pravniForma: '121',
  datumVzniku: '1992-05-06',
  dic: 'CZ45274649',
};

/** Asseco Central Europe, a.s. — IČO 27074358 (valid mod-11 check), VAT-registered, Prague. */
export const ARES_ASSECO: AresSubjectJson = {
  ico: '27074358',
  obchodniJmeno: 'Asseco Central Europe, a.s.',
  sidlo: {
    kodStatu: 'CZ',
    nazevStatu: 'Česká republika',
    kodKraje: 19,
    nazevKraje: 'Hlavní město Praha',
    nazevObce: 'Praha',
    nazevMestskeCastiObvodu: 'Praha 4',
    nazevCastiObce: 'Michle',
    nazevUlice: 'Budějovická',
    cisloDomovni: 778,
    cisloOrientacni: 3,
    cisloOrientacniPismeno: 'a',
    psc: 14000,
    textovaAdresa: 'Budějovická 778/3a, Michle, 14000 Praha 4',
  },
  pravniForma: '121',
  datumVzniku: '2003-07-31',
  dic: 'CZ27074358',
};

/**
 * Fictional (IČO 12345679, valid check digit): not VAT-registered (no `dic`), no `kodStatu` and
 * no `textovaAdresa`, so the address is built from its parts: "Masarykova 12/5, 60200 Brno".
 */
export const ARES_NO_VAT: AresSubjectJson = {
  ico: '12345679',
  obchodniJmeno: 'Vzorová obchodní s.r.o.',
  sidlo: { nazevObce: 'Brno', nazevUlice: 'Masarykova', cisloDomovni: 12, cisloOrientacni: 5, psc: 60200 },
  pravniForma: '112',
};

export const ARES_SAMPLES: readonly AresSubjectJson[] = [ARES_CEZ, ARES_ASSECO, ARES_NO_VAT];

export interface FakeAres {
  /** The base to put in ARES_URL / AresRegister's baseUrl (…/ekonomicke-subjekty-v-be/rest, like the real one). */
  readonly url: string;
  /** The companies served, by IČO; change it at will. */
  readonly companies: Map<string, AresSubjectJson>;
  /** IČOs (path segments) requested, in order: `requests.length` counts requests. */
  readonly requests: string[];
  /** `Accept` header of each request, in the same order. */
  readonly acceptHeaders: (string | undefined)[];
  /** Answer after this many milliseconds (a slow ARES); 0 = at once. */
  delayMs: number;
  /** Answer every request with this status and an ARES-like error body (e.g. 500, 503, 429); undefined = normal. */
  status: number | undefined;
  /** Answer 200 with a body that is not JSON. */
  badJson: boolean;
  /** Back to normal (no delay, status, bad JSON) and forget the requests. */
  reset(): void;
  close(): Promise<void>;
}

const PREFIX = '/ekonomicke-subjekty-v-be/rest/ekonomicke-subjekty/';

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function isIco(segment: string): boolean {
  return segment.length === 8 && [...segment].every((c) => c >= '0' && c <= '9');
}

export async function startFakeAres(options: { companies?: readonly AresSubjectJson[] } = {}): Promise<FakeAres> {
  const companies = new Map((options.companies ?? ARES_SAMPLES).map((company) => [company.ico, structuredClone(company)]));
  const timers = new Set<NodeJS.Timeout>();

  const answer = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const path = (req.url ?? '').split('?')[0]!;
    if (req.method !== 'GET' || !path.startsWith(PREFIX)) {
      sendJson(res, 404, { kod: 'NENALEZENO', popis: 'Stránka nenalezena.' });
      return;
    }
    const ico = decodeURIComponent(path.slice(PREFIX.length));
    if (fake.status !== undefined) {
      sendJson(res, fake.status, { kod: 'CHYBA_SERVERU', popis: 'Služba je dočasně nedostupná.' });
      return;
    }
    if (fake.badJson) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<html><body>Maintenance</body></html>');
      return;
    }
    if (!isIco(ico)) {
      sendJson(res, 400, { kod: 'CHYBA_VSTUPU', subKod: 'NEPLATNE_ICO', popis: 'Chyba vstupu: neplatné IČO.' });
      return;
    }
    const company = fake.companies.get(ico);
    if (!company) {
      sendJson(res, 404, { kod: 'NENALEZENO', subKod: 'VYSTUP_SUBJEKT_NENALEZEN', popis: `Ekonomický subjekt s IČO ${ico} nebyl nalezen.` });
      return;
    }
    sendJson(res, 200, company);
  };

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    if (path.startsWith(PREFIX)) {
      fake.requests.push(decodeURIComponent(path.slice(PREFIX.length)));
      const accept = req.headers.accept;
      fake.acceptHeaders.push(Array.isArray(accept) ? accept.join(', ') : accept);
    }
    if (fake.delayMs > 0) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed && !res.writableEnded) answer(req, res);
      }, fake.delayMs);
      timers.add(timer);
      return;
    }
    answer(req, res);
  });
  // A client that gave up (timeout) leaves a reset socket behind: not an error of the fake.
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;

  const fake: FakeAres = {
    url: `http://127.0.0.1:${port}/ekonomicke-subjekty-v-be/rest`,
    companies,
    requests: [],
    acceptHeaders: [],
    delayMs: 0,
    status: undefined,
    badJson: false,
    reset() {
      fake.delayMs = 0;
      fake.status = undefined;
      fake.badJson = false;
      fake.requests.length = 0;
      fake.acceptHeaders.length = 0;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
