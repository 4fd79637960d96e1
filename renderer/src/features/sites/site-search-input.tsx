import { CloseButton, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigationType } from 'react-router';
import { type FILTER_PATCH_STATE } from './site-filters';

interface Props {
  /** The search as the URL has it (`q`). */
  value: string;
  /** Writes the search into the URL. */
  onCommit: (text: string) => void;
  /** The text as typed, at every key, before the page has re-read the URL; null when the box shows the URL's search again. */
  onType: (text: string | null) => void;
}

/**
 * The search box shows the URL's search, and every key typed is written to the URL at once. The
 * router re-renders the page for a new URL as a transition (after more urgent work, and dropped when
 * the next key comes), so the list does not wait for it: every key is also passed on with `onType`
 * and the list searches for it straight away. A filter changed while typing keeps the box's text,
 * but any other way the URL changes (a saved view, a link, Back, Clear all) replaces it.
 */
export function SiteSearchInput({ value, onCommit, onType }: Props) {
  const [draft, setDraft] = useState(value);
  const typeRef = useRef(onType);
  typeRef.current = onType;
  const location = useLocation();
  const navigationType = useNavigationType();

  const commit = (text: string) => {
    setDraft(text);
    onType(text);
    onCommit(text);
  };

  const fromFilterControl = navigationType !== 'POP' && (location.state as typeof FILTER_PATCH_STATE | null)?.sitesFilterPatch === true;
  useEffect(() => {
    if (fromFilterControl) return;
    setDraft(value);
    typeRef.current(null);
    // Only a new navigation decides; the value it carries is read with it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [location.key]);

  return (
    <TextInput
      label="Search sites"
      placeholder="Name, client or URL"
      leftSection={<IconSearch size={16} />}
      rightSection={draft ? <CloseButton size="sm" aria-label="Clear search" onClick={() => commit('')} /> : null}
      value={draft}
      onChange={(e) => commit(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && draft) {
          e.stopPropagation();
          commit('');
        }
      }}
      w={220}
    />
  );
}
