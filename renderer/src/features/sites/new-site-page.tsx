import { Anchor, Breadcrumbs, Paper, Stack, Title } from '@mantine/core';
import { useGo } from '../../lib/navigation';
import { notifySaved } from '../../lib/errors';
import { SiteForm } from './site-form';
import { useCreateSite } from './mutations';

export function NewSitePage() {
  const navigate = useGo();
  const create = useCreateSite();
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
            const site = await create.mutateAsync(values);
            notifySaved(`“${site.name}” created.`);
            navigate(`/sites/${site.id}/owners`);
          }}
        />
      </Paper>
    </Stack>
  );
}
