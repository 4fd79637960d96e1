import { Badge, Group, Paper, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Site } from '@core/contract/sites';
import { AccessModelForm } from './access-model-form';
import { accessQueries } from './queries';
import { QueryError } from '../../lib/query-state';

/** Setup → Access model: how SophMate is set up at the site; training and access are matched against it. */
export function AccessModelSection({ site }: { site: Site }) {
  const model = useQuery(accessQueries.get(site.id));
  const [reloads, setReloads] = useState(0);
  return (
    <Paper withBorder p="md" data-testid="access-model">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h5">
          Access model
        </Title>
        {model.data && !model.data.recorded ? (
          <Badge color="orange" variant="light" tt="none">
            Not recorded: nobody can be given access yet
          </Badge>
        ) : null}
      </Group>
      {model.isError ? <QueryError error={model.error} /> : null}
      {model.data ? (
        <AccessModelForm
          key={reloads}
          site={site}
          latest={model.data}
          onReload={() => {
            void model.refetch().then(() => setReloads((n) => n + 1));
          }}
        />
      ) : null}
    </Paper>
  );
}
