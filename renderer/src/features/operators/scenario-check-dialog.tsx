import { Alert, Button, Group, Loader, Modal, Paper, Radio, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { OutputOf } from '@core/contract/index';
import type { Operator } from '@core/contract/operators';
import { ROLE_LABEL, SCENARIO_ANSWERS, WORKFLOW_LABEL, type ScenarioAnswer } from '@core/playbook/schema';
import { errorMessage } from '../../lib/errors';
import { useStartScenarioCheck, useSubmitScenarioCheck } from './mutations';

type Attempt = OutputOf<'operators.startScenarioCheck'>;
type CheckResult = OutputOf<'operators.submitScenarioCheck'>;

const ANSWER_LABEL: Record<ScenarioAnswer, string> = { ask: 'Ask', approve: 'Approve', reject: 'Reject', escalate: 'Escalate', stop: 'Stop' };

/**
 * One attempt at a time: the situations are drawn by the server, answered, then marked. Until the
 * check is passed the result says which answers were wrong but not what was right, and a retake
 * draws new situations.
 */
export function ScenarioDialog({ op, onClose }: { op: Operator; onClose: () => void }) {
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [answers, setAnswers] = useState<Record<string, ScenarioAnswer>>({});
  const [result, setResult] = useState<CheckResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const start = useStartScenarioCheck({
    onSuccess: (a) => {
      setAttempt(a);
      setAnswers({});
      setResult(null);
      setError(null);
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const submit = useSubmitScenarioCheck(op.siteId, {
    onSuccess: (r) => {
      setResult(r);
      setError(null);
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const { mutate: startMutate } = start;
  const startAttempt = useCallback(() => startMutate({ operatorId: op.id }), [startMutate, op.id]);
  // Starting returns the open attempt when there is one, so running this twice is harmless.
  useEffect(() => startAttempt(), [startAttempt]);
  const qs = attempt?.questions ?? [];
  const title = `Scenario check: ${op.personName} (${ROLE_LABEL[op.role]})`;
  return (
    <Modal opened onClose={onClose} title={title} size="xl">
      {error ? (
        <Alert color="red" role="alert" mb="sm">
          {error}
          {submit.isError ? (
            <Button mt="xs" size="xs" variant="default" display="block" onClick={() => start.mutate({ operatorId: op.id })}>
              Start the check again
            </Button>
          ) : null}
        </Alert>
      ) : null}
      {start.isPending && !attempt ? <Loader size="sm" aria-label="Drawing situations" /> : null}
      {result ? (
        <Stack data-testid="scenario-result">
          <Alert color={result.passed ? 'teal' : 'red'} title={result.passed ? 'Passed' : 'Not passed'}>
            {result.correct} of {result.total} right.{' '}
            {result.passed
              ? 'The right answers and why are below.'
              : 'A pass needs 80% and every escalate or stop situation right. The wrong answers are marked; the right ones are not shown, so read the SOPs again and retake the check with new situations.'}
          </Alert>
          {result.answers.map((a, i) => (
            <Paper key={a.scenarioId} withBorder p="sm" data-testid="scenario-answer">
              <Text size="sm">
                {i + 1}. {a.situation}
              </Text>
              <Text size="sm" c={a.correct ? 'teal.9' : 'red.9'} fw={600}>
                {a.correct ? '✓ Right' : '✗ Wrong'}: answered {ANSWER_LABEL[a.given]}
                {result.passed && a.expected && !a.correct ? `; the right answer is ${ANSWER_LABEL[a.expected]}` : ''}.
              </Text>
              {result.passed && a.explanation ? <Text size="xs">{a.explanation}</Text> : null}
            </Paper>
          ))}
          <Group justify="flex-end">
            {result.passed ? null : (
              <Button variant="default" onClick={() => start.mutate({ operatorId: op.id })} loading={start.isPending}>
                Try again with new situations
              </Button>
            )}
            <Button onClick={onClose}>Close</Button>
          </Group>
        </Stack>
      ) : attempt ? (
        <Stack>
          <Text size="sm">For each situation, choose what the operator should do. Answer without the SOPs open.</Text>
          {qs.map((q, i) => (
            <Radio.Group
              key={q.id}
              label={`${i + 1}. ${q.situation}`}
              description={WORKFLOW_LABEL[q.workflow]}
              value={answers[q.id] ?? null}
              onChange={(v) => setAnswers({ ...answers, [q.id]: v as ScenarioAnswer })}
            >
              <Group mt={6}>
                {SCENARIO_ANSWERS.map((a) => (
                  <Radio key={a} value={a} label={ANSWER_LABEL[a]} />
                ))}
              </Group>
            </Radio.Group>
          ))}
          <Group justify="flex-end">
            <Text size="xs" c="dimmed">
              {Object.keys(answers).length} of {qs.length} answered
            </Text>
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              disabled={qs.length === 0 || Object.keys(answers).length < qs.length}
              loading={submit.isPending}
              onClick={() => submit.mutate({ operatorId: op.id, attemptId: attempt.attemptId, answers })}
            >
              Submit answers
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
