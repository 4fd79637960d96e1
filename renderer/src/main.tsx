import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/spotlight/styles.css';
import '@mantine/dates/styles.css';
import './app/app.css';
import { createRoot } from 'react-dom/client';
import { Providers } from './app/providers';
import { App } from './app/app';

createRoot(document.getElementById('root')!).render(
  <Providers>
    <App />
  </Providers>,
);
