import { CloseButton, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigationType } from 'react-router';
import { type FILTER_PATCH_STATE } from './site-filters';

const COMMIT_AFTER_MS = 250;

interface Props {
  /** The search as the URL has it (`q`). */
  value: string;
  /** Writes the search into the URL. */
  onCommit: (text: string) => void;
}

/**
 * The search box shows the URL's search. Typing is written to the URL once it pauses (or at Enter);
 * a filter changed meanwhile keeps what is being typed, but any other way the URL changes (a saved
 * view, a link, Back, Clear all) replaces the box's text and drops a search not yet written.
 */
export function SiteSearchInput({ value, onCommit }: Props) {
  const [draft, setDraft] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const commitRef = useRef(onCommit);
  commitRef.current = onCommit;
  const location = useLocation();
  const navigationType = useNavigationType();

  const cancel = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };
  const commit = (text: string) => {
    cancel();
    commitRef.current(text);
  };

  const fromFilterControl = navigationType !== 'POP' && (location.state as typeof FILTER_PATCH_STATE | null)?.sitesFilterPatch === true;
  useEffect(() => {
    if (fromFilterControl) return;
    cancel();
    setDraft(value);
    // Only a new navigation decides; the value it carries is read with it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [location.key]);
  useEffect(() => cancel, []);

  return (
    <TextInput
      label="Search sites"
      placeholder="Name, client or URL"
      leftSection={<IconSearch size={16} />}
      rightSection={
        draft ? (
          <CloseButton
            size="sm"
            aria-label="Clear search"
            onClick={() => {
              setDraft('');
              commit('');
            }}
          />
        ) : null
      }
      value={draft}
      onChange={(e) => {
        const text = e.currentTarget.value;
        setDraft(text);
        cancel();
        timer.current = setTimeout(() => commit(text), COMMIT_AFTER_MS);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit(e.currentTarget.value);
        if (e.key === 'Escape' && draft) {
          e.stopPropagation();
          setDraft('');
          commit('');
        }
      }}
      w={220}
    />
  );
}
