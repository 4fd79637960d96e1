/** An SOP as operators read it: purpose, examples, rules, approval boundaries and escalation. */
import { Badge, Group, List, Stack, Text } from '@mantine/core';
import { responsibilityOwner } from '@core/domain/responsibility-owner';
import type { Sop } from '@core/playbook/schema';

export function SopView({ sop }: { sop: Sop }) {
  const section = (title: string, items: string[]) => (
    <div>
      <Text fw={600} size="sm">
        {title}
      </Text>
      <List size="sm" spacing={2}>
        {items.map((i, n) => (
          <List.Item key={n}>{i}</List.Item>
        ))}
      </List>
    </div>
  );
  return (
    <Stack gap="sm">
      <div>
        <Text fw={600} size="sm">
          Purpose
        </Text>
        <Text size="sm">{sop.purpose}</Text>
      </div>
      <div>
        <Text fw={600} size="sm">
          When to use
        </Text>
        <Text size="sm">{sop.whenToUse}</Text>
      </div>
      {section(
        'Good examples',
        sop.goodExamples.map((e) => (e.why ? `${e.text} (${e.why})` : e.text)),
      )}
      {section(
        'Bad examples',
        sop.badExamples.map((e) => `${e.text} Why not: ${e.why}`),
      )}
      {section('Refusal rules', sop.refusalRules)}
      {section('When to ask first', sop.whenToAsk)}
      <div>
        <Text fw={600} size="sm">
          Approval boundaries
        </Text>
        <Group gap={6}>
          {sop.approvalBoundaries.mayApprove.length ? (
            sop.approvalBoundaries.mayApprove.map((r) => (
              <Badge key={r} variant="light" tt="none">
                may approve {r} risk
              </Badge>
            ))
          ) : (
            <Badge color="gray" variant="light" tt="none">
              approves nothing
            </Badge>
          )}
          {sop.approvalBoundaries.bulkApproveLowRisk ? (
            <Badge color="gray" variant="light" tt="none">
              bulk approval for low risk only
            </Badge>
          ) : null}
        </Group>
        <Text size="sm">{sop.approvalBoundaries.notes}</Text>
      </div>
      {section(`Escalate to the ${responsibilityOwner(sop.escalation.responsibility)} when`, sop.escalation.triggers)}
      {section('Stop when', sop.whenToStop)}
    </Stack>
  );
}
