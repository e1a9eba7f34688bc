/**
 * The directory's search box (progressive enhancement of /don-vi/): reveals the box,
 * then on each (debounced) keystroke downloads the manifest once and ONE shard of the
 * static index, and filters it by every word of the query, the level and the branch.
 * Results are built with textContent only: names never become markup.
 */
import { matchesQuery, planSearch, rankMatch, unitTokens, type SearchEntry } from '../../lib/search.ts';
import { searchIndexClient } from './search-index.ts';

const MAX_SHOWN = 50;
const section = document.getElementById('tim-kiem');
const form = document.getElementById('form-tim-kiem') as HTMLFormElement | null;
const input = document.getElementById('q') as HTMLInputElement | null;
const levelSelect = document.getElementById('loc-cap') as HTMLSelectElement | null;
const branchSelect = document.getElementById('loc-khoi') as HTMLSelectElement | null;
const status = document.getElementById('tim-kiem-trang-thai');
const list = document.getElementById('tim-kiem-ket-qua');

if (section && form && input && levelSelect && branchSelect && status && list) {
  section.hidden = false;
  const indexBase = section.dataset.index ?? '';
  const unitBase = section.dataset.units ?? '';
  const labels = (select: HTMLSelectElement) => new Map([...select.options].map((o) => [o.value, o.text]));
  const levelNames = labels(levelSelect);
  const levelRank = new Map([...levelSelect.options].map((o, i) => [o.value, i]));
  const branchNames = labels(branchSelect);

  const index = searchIndexClient(indexBase);
  const shard = index.shard;

  const folded = new WeakMap<SearchEntry, string[]>();
  const tokensOf = (e: SearchEntry) => {
    let tokens = folded.get(e);
    if (!tokens) folded.set(e, (tokens = unitTokens(e[0], e[1])));
    return tokens;
  };

  const show = (message: string, entries: SearchEntry[] = []) => {
    status.textContent = message;
    list.replaceChildren(
      ...entries.slice(0, MAX_SHOWN).map(([id, name, level, branch]) => {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = `${unitBase}${id}/`;
        a.textContent = name;
        const meta = document.createElement('div');
        meta.className = 'small muted';
        meta.textContent = [levelNames.get(level), branch && branch !== id ? branchNames.get(branch) : ''].filter(Boolean).join(' · ');
        li.append(a, meta);
        return li;
      }),
    );
  };

  let sequence = 0;
  const run = async () => {
    const query = input.value.trim();
    const mine = ++sequence;
    if (query === '') return show('');
    try {
      const plan = planSearch(query, await index.manifest());
      if (plan.kind === 'short') return show('Hãy gõ ít nhất 2 chữ cái của một từ trong tên đơn vị.');
      const level = levelSelect.value;
      const branch = branchSelect.value;
      const candidates = plan.kind === 'none' ? [] : await shard(plan.key);
      if (mine !== sequence) return;
      // Fold each name once (cached across queries) and rank each match once, then sort.
      const ranked: [number, SearchEntry][] = [];
      for (const e of candidates) {
        if ((level && e[2] !== level) || (branch && e[3] !== branch && e[0] !== branch)) continue;
        const tokens = tokensOf(e);
        if (matchesQuery(e, plan.tokens, tokens)) ranked.push([rankMatch(e, plan.tokens, levelRank.get(e[2]) ?? 99, tokens), e]);
      }
      ranked.sort((a, b) => a[0] - b[0]);
      const entries = ranked.map(([, e]) => e);
      const partial = plan.kind === 'shard' && (plan.exact || plan.truncated);
      let message = entries.length === 0 ? 'Không tìm thấy đơn vị nào.' : `Tìm thấy ${entries.length.toLocaleString('vi-VN')} đơn vị`;
      if (entries.length > MAX_SHOWN) message += `, hiện ${MAX_SHOWN} đơn vị đầu`;
      if (entries.length > 0) message += '.';
      if (partial) message += ' Có thể còn đơn vị khác: hãy gõ thêm chữ để thu hẹp.';
      show(message, entries);
    } catch {
      if (mine === sequence) show('Không tải được chỉ mục tìm kiếm. Hãy thử lại, hoặc duyệt danh bạ theo khối ở dưới.');
    }
  };

  // The manifest is small: fetch it as soon as the box is used, so typing waits for one shard only.
  const prefetch = () => void index.manifest().catch(() => undefined);
  input.addEventListener('focus', prefetch, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  levelSelect.addEventListener('change', run);
  branchSelect.addEventListener('change', run);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    void run();
  });
  const initial = new URLSearchParams(location.search).get('q');
  if (initial) {
    input.value = initial;
    void run();
  }
}
