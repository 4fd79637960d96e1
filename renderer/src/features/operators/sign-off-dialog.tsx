import { Button, Checkbox, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Operator } from '@core/contract/operators';
import { ROLE_LABEL, WORKFLOW_LABEL, WORKFLOW_ROLES, WORKFLOWS } from '@core/playbook/schema';
import { notifyError, notifySaved } from '../../lib/errors';
import { useSignOff } from './mutations';

/** Training sign-off: the operator read the current SOPs of their role (the exact versions are kept). */
export function SignOffDialog({ op, onClose }: { op: Operator; onClose: () => void }) {
  const [confirmed, setConfirmed] = useState(false);
  const workflows = WORKFLOWS.filter((w) => WORKFLOW_ROLES[w].includes(op.role));
  const sign = useSignOff({
    onSuccess: () => {
      notifySaved(`${op.personName} signed the current ${ROLE_LABEL[op.role]} SOPs.`);
      onClose();
    },
    onError: (e) => notifyError(e),
  });
  return (
    <Modal opened onClose={onClose} title={`Training sign-off: ${op.personName}`} size="lg">
      <Stack>
        <Text size="sm">
          Record that {op.personName} read the current {ROLE_LABEL[op.role]} SOPs (the exact versions are kept):
        </Text>
        <List size="sm">
          {workflows.map((w) => (
            <List.Item key={w}>
              <a href={`#/playbook/${w}/${op.role}`} target="_self">
                {WORKFLOW_LABEL[w]}
              </a>
            </List.Item>
          ))}
        </List>
        <Checkbox
          label={`${op.personName} has read these SOPs and understands the approval boundaries, refusal rules and escalation path`}
          checked={confirmed}
          onChange={(e) => setConfirmed(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button disabled={!confirmed} loading={sign.isPending} onClick={() => sign.mutate({ operatorId: op.id })}>
            Record sign-off
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
