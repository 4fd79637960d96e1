import { Anchor, Breadcrumbs, Paper, Stack, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { notifySaved } from '../../lib/errors';
import { rpc } from '../../lib/rpc';
import { SiteForm } from './site-form';

export function NewSitePage() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  return (
    <Stack maw={1000}>
      <Breadcrumbs>
        <Anchor href="#/sites">Sites</Anchor>
        <span>New site</span>
      </Breadcrumbs>
      <Title order={2}>New site</Title>
      <Paper withBorder p="md">
        <SiteForm
          submitLabel="Create site"
          onCancel={() => navigate('/sites')}
          onSubmit={async (values) => {
            const site = await rpc('sites.create', values);
            await qc.invalidateQueries();
            notifySaved(`“${site.name}” created.`);
            navigate(`/sites/${site.id}/owners`);
          }}
        />
      </Paper>
    </Stack>
  );
}
