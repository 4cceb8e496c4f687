import { api } from '../api';
import { useQuery } from '../useQuery';
import { useChanged } from './useChanged';

/** The workspace's label taxonomy, kept fresh when someone edits it. */
export function useTaxonomy() {
  const taxonomy = useQuery(() => api.labelTaxonomy({}), []);
  useChanged(['annotations'], taxonomy.reload);
  return taxonomy;
}

const AUTHOR_KEY = 'vlmwb-author';

/** The name labels are kept under in this browser; empty means the core's user name. */
export const labelAuthor = {
  get: (): string => localStorage.getItem(AUTHOR_KEY) ?? '',
  set: (name: string): void => {
    if (name.trim()) localStorage.setItem(AUTHOR_KEY, name.trim());
    else localStorage.removeItem(AUTHOR_KEY);
  },
};
