/**
 * Who the user is: the title-bar badge (name, device, "Switch person…") and the dialog that asks at
 * first start on a device, again when the person chosen was archived, and on "Switch person…".
 */
import { Alert, Avatar, Button, Group, Menu, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconArrowsExchange, IconDeviceDesktop, IconUser } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, issuesByPath } from '../lib/errors';
import { PersonSelect } from '../features/people/person-select';
import { peopleQueries } from '../features/people/queries';
import { useChooseIdentity, useCreateSelf, useDeferIdentity } from '../features/identity/mutations';
import { identityQueries, type Identity } from '../features/identity/queries';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase() || '?';
}

function dialogTitle(identity: Identity, switching: boolean): string {
  if (identity.person?.archived) return `${identity.person.name} was archived: who are you now?`;
  return switching && identity.source === 'person' ? 'Switch person' : 'Who are you?';
}

function IdentityDialog({ identity, switching, onClose }: { identity: Identity; switching: boolean; onClose: () => void }) {
  const people = useQuery(peopleQueries.activeCount());
  const hasPeople = (people.data?.total ?? 0) > 0;
  const [mode, setMode] = useState<'pick' | 'add' | null>(null);
  const shownMode = mode ?? (people.isSuccess && !hasPeople ? 'add' : 'pick');
  const [personId, setPersonId] = useState<string | null>(identity.person?.archived ? null : (identity.suggestedPersonId ?? null));
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  // Every query has refreshed by then (features/identity/mutations.ts): the app reads as the chosen person.
  const done = () => {
    setErrors({});
    onClose();
  };
  const onError = (e: unknown) => {
    const byPath = issuesByPath(e);
    setErrors(Object.keys(byPath).length ? byPath : { form: errorMessage(e) });
  };
  const choose = useChooseIdentity({ onSuccess: done, onError });
  const create = useCreateSelf({ onSuccess: done, onError });
  const later = useDeferIdentity({ onSuccess: done, onError });
  const asking = identity.ask && !switching;
  const submit = () => {
    setErrors({});
    if (shownMode === 'pick') {
      if (!personId) return setErrors({ personId: 'Choose yourself in the list, or add yourself.' });
      choose.mutate({ personId });
    } else create.mutate({ name, email });
  };
  return (
    <Modal
      opened
      onClose={asking ? () => {} : onClose}
      closeOnEscape={!asking}
      closeOnClickOutside={!asking}
      withCloseButton={!asking}
      closeButtonProps={{ 'aria-label': 'Close' }}
      title={dialogTitle(identity, switching)}
      size="lg"
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Text size="sm">
            Every change you make is recorded under your name: in each site’s history, on incidents, pauses, reviews and sign-offs, and in the documents handed
            to clients. The choice is kept for this device ({identity.device}); another computer opening this workspace asks its own user.
          </Text>
          <SegmentedControl
            aria-label="How to find you"
            value={shownMode}
            onChange={(v) => {
              setErrors({});
              setMode(v as 'pick' | 'add');
            }}
            data={[
              { value: 'pick', label: 'I am in People' },
              { value: 'add', label: 'Add me' },
            ]}
          />
          {shownMode === 'pick' ? (
            <PersonSelect
              label="You are"
              description={
                identity.suggestedPersonId && personId === identity.suggestedPersonId
                  ? 'Chosen as “You are” in Settings before; confirm or change it.'
                  : 'Search by name or email.'
              }
              placeholder="Find yourself"
              value={personId}
              onChange={setPersonId}
              error={errors.personId}
            />
          ) : (
            <Group grow align="flex-start">
              <TextInput
                label="Your name"
                withAsterisk
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={errors.name}
                autoComplete="name"
                data-autofocus
              />
              <TextInput
                label="Your email"
                withAsterisk
                type="email"
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                error={errors.email}
                autoComplete="email"
              />
            </Group>
          )}
          {errors.form ? (
            <Alert color="red" role="alert">
              {errors.form}
            </Alert>
          ) : null}
          <Group justify="space-between" mt="xs">
            {asking ? (
              <Button variant="subtle" onClick={() => later.mutate({})} loading={later.isPending}>
                Later
              </Button>
            ) : (
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
            )}
            <Button type="submit" loading={choose.isPending || create.isPending}>
              {shownMode === 'pick' ? 'Continue as this person' : 'Add me and continue'}
            </Button>
          </Group>
          {asking ? (
            <Text size="xs" c="dimmed">
              Later: until you choose, changes are recorded as “{identity.actor}”, and the app asks again at the next start.
            </Text>
          ) : null}
        </Stack>
      </form>
    </Modal>
  );
}

/** The title-bar badge with the acting person's name, and the dialog that asks who that is. */
export function IdentityControl() {
  const identity = useQuery(identityQueries.get());
  const [switching, setSwitching] = useState(false);
  if (!identity.data) return null;
  const id = identity.data;
  const isPerson = id.person !== null && !id.person.archived;
  const fixed = id.source === 'override';
  return (
    <>
      <Menu position="bottom-end" withArrow width={280}>
        <Menu.Target>
          <Button
            variant={isPerson || fixed ? 'default' : 'light'}
            color={isPerson || fixed ? undefined : 'orange'}
            size="xs"
            maw={240}
            data-testid="identity-badge"
            leftSection={
              isPerson || fixed ? (
                <Avatar size={20} radius="xl" color="blue" aria-hidden>
                  {initials(id.actor)}
                </Avatar>
              ) : (
                <IconAlertTriangle size={16} aria-hidden />
              )
            }
            styles={{ label: { overflow: 'hidden', textOverflow: 'ellipsis' } }}
            title={`Changes are recorded as ${id.actor}`}
          >
            {id.actor}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Changes are recorded as</Menu.Label>
          <Group gap="xs" px="sm" pb="xs" wrap="nowrap">
            <IconUser size={16} aria-hidden />
            <div style={{ minWidth: 0 }}>
              <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                {id.actor}
              </Text>
              {id.person ? (
                <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {id.person.email}
                  {id.person.archived ? ' · archived' : ''}
                </Text>
              ) : null}
            </div>
          </Group>
          <Group gap="xs" px="sm" pb="xs" wrap="nowrap">
            <IconDeviceDesktop size={16} aria-hidden />
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              Device: {id.device}
            </Text>
          </Group>
          {fixed ? (
            <Text size="xs" c="dimmed" px="sm" pb="xs">
              Set for this run by {id.overrideFrom}: to switch person, start the app without it.
            </Text>
          ) : null}
          <Menu.Divider />
          <Menu.Item leftSection={<IconArrowsExchange size={16} />} disabled={fixed} onClick={() => setSwitching(true)}>
            {isPerson ? 'Switch person…' : 'Choose who you are…'}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {id.ask || switching ? <IdentityDialog key={`${id.ask}-${switching}`} identity={id} switching={switching} onClose={() => setSwitching(false)} /> : null}
    </>
  );
}
