import { lazy, Suspense } from 'react';
import { Route } from 'react-router';
import { Admin, CustomRoutes, Loading, Resource, defaultTheme, type RaThemeOptions } from 'react-admin';
import { authProvider } from './authProvider';
import { dataProvider } from './dataProvider';
import { ResourceCreate, ResourceEdit, ResourceList, ResourceShow } from './generated/pages';
import { i18nProvider } from './i18n';
import { Dashboard } from './layout/Dashboard';
import { Layout } from './layout/Layout';
import { LoginPage } from './layout/LoginPage';
import type { Metadata } from './meta';
import { workflowScreens } from './workflow/screens';

const PluginForm = lazy(() => import('./forms/PluginForm'));

const FONT = 'Roboto, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif';
const theme: RaThemeOptions = { ...defaultTheme, typography: { ...defaultTheme.typography, fontFamily: FONT } };

/**
 * The console. Everything under <Admin> is generated from the API's own description
 * (adminMetadata, loaded as the session's permissions): one <Resource> per resource the
 * role may list, with show/edit/create pages only where the API has them and the role
 * may call them; review screens and region forms as custom routes.
 */
export function App() {
  return (
    <Admin
      title="师训"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      loginPage={LoginPage}
      layout={Layout}
      dashboard={Dashboard}
      theme={theme}
      disableTelemetry
      requireAuth
    >
      {(m: Metadata | null) =>
        m ? (
          <>
            {m.resources
              .filter((r) => m.operations.has(`all${r.plural}`))
              .map((r) => (
                <Resource
                  key={r.name}
                  name={r.name}
                  list={<ResourceList r={r} />}
                  show={<ResourceShow r={r} />}
                  edit={r.update?.allowed ? <ResourceEdit r={r} /> : undefined}
                  create={r.create?.allowed ? <ResourceCreate r={r} /> : undefined}
                  recordRepresentation={r.titleField}
                />
              ))}
            <CustomRoutes>
              <Route path="/forms/:id" element={<Suspense fallback={<Loading />}><PluginForm /></Suspense>} />
              {workflowScreens
                .filter((s) => s.visible(m))
                .map((s) => (
                  <Route key={s.path} path={`/${s.path}`} element={<Suspense fallback={<Loading />}><s.component /></Suspense>} />
                ))}
            </CustomRoutes>
          </>
        ) : null
      }
    </Admin>
  );
}
