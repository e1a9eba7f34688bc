/**
 * Shows what the registration form produced (RegisterOutput.astro): the YAML, the
 * GitHub links, copy and download. Text goes in with textContent, links with href.
 */
export interface RegistrationResult {
  summary: string;
  yaml: string;
  downloadName: string;
  /** The pull request link (GitHub's new-file or edit page), when the build knows the repository. */
  pullRequest: string | undefined;
  /** The repository is known but the content is too long for a link. */
  tooLong: boolean;
  steps: string[];
  /** For an existing unit: where to paste the snippet. */
  pasteSteps: string[];
  yamlTitle: string;
  issues: { label: string; url: string }[];
  issuesNote: string;
  encrypted: boolean;
  /** Proof-of-control codes to post on each page (src/lib/proof-code.ts). */
  proofs: { label: string; code: string }[];
}

export interface OutputView {
  show(result: RegistrationResult): void;
  hide(): void;
  readonly shown: boolean;
}

const item = (text: string) => {
  const li = document.createElement('li');
  li.textContent = text;
  return li;
};

export function createOutput(section: HTMLElement, onEdit: () => void): OutputView {
  const part = <T extends HTMLElement>(name: string) => section.querySelector<T>(`[data-out="${name}"]`);
  const heading = document.getElementById('dk-ket-qua-tieu-de');
  const copyStatus = part('copy-status');
  let current: RegistrationResult | undefined;
  let objectUrl: string | undefined;

  const copy = async (text: string): Promise<boolean> => {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Older browsers, or no permission: copy through a selected, off-screen text area.
      const area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'absolute';
      area.style.left = '-9999px';
      area.style.top = `${window.scrollY}px`;
      document.body.append(area);
      area.select();
      let ok = false;
      try {
        ok = document.execCommand('copy');
      } catch {
        ok = false;
      }
      area.remove();
      return ok;
    }
  };

  part('copy')?.addEventListener('click', async () => {
    if (!current || !copyStatus) return;
    copyStatus.textContent = (await copy(current.yaml))
      ? 'Đã sao chép nội dung. Hãy dán vào nơi cần gửi.'
      : 'Không sao chép tự động được. Hãy chọn toàn bộ nội dung ở trên rồi sao chép bằng tay.';
  });
  part('edit')?.addEventListener('click', onEdit);

  return {
    get shown() {
      return !section.hidden;
    },
    show(result) {
      current = result;
      part('summary')!.textContent = result.summary;
      const encryptedNote = part('encrypted');
      if (encryptedNote) encryptedNote.hidden = !result.encrypted;
      part('steps')?.replaceChildren(...result.steps.map(item));
      const pr = part<HTMLAnchorElement>('pull-request');
      if (pr) {
        pr.hidden = result.pullRequest === undefined;
        if (result.pullRequest) pr.href = result.pullRequest;
        else pr.removeAttribute('href');
      }
      const tooLong = part('too-long');
      if (tooLong) tooLong.hidden = !result.tooLong;
      const paste = part('paste-steps')!;
      paste.hidden = result.pasteSteps.length === 0;
      paste.replaceChildren(...result.pasteSteps.map(item));
      part('yaml-title')!.textContent = result.yamlTitle;
      part('yaml')!.textContent = result.yaml;
      const download = part<HTMLAnchorElement>('download')!;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      objectUrl = URL.createObjectURL(new Blob([result.yaml], { type: 'application/yaml;charset=utf-8' }));
      download.href = objectUrl;
      download.download = result.downloadName;
      download.textContent = `Tải tệp về (${result.downloadName})`;
      part('issues')?.replaceChildren(
        ...result.issues.map(({ label, url }) => {
          const li = document.createElement('li');
          const a = document.createElement('a');
          a.className = 'dk-btn2';
          a.href = url;
          a.target = '_blank';
          a.rel = 'noopener noreferrer';
          a.textContent = label;
          li.append(a);
          return li;
        }),
      );
      const note = part('issues-note');
      if (note) {
        note.hidden = result.issuesNote === '';
        note.textContent = result.issuesNote;
      }
      const proofBox = part('proof-box');
      if (proofBox) proofBox.hidden = result.proofs.length === 0;
      part('proofs')?.replaceChildren(
        ...result.proofs.map(({ label, code }) => {
          const li = document.createElement('li');
          const strong = document.createElement('strong');
          strong.className = 'dk-proof';
          strong.textContent = code;
          li.append(`${label}: `, strong);
          return li;
        }),
      );
      if (copyStatus) copyStatus.textContent = '';
      section.hidden = false;
      heading?.focus();
    },
    hide() {
      section.hidden = true;
      current = undefined;
    },
  };
}
