import { useState, type ReactElement } from 'react';
import { useLocation } from 'react-router';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Collapse from '@mui/material/Collapse';
import ExpandLess from '@mui/icons-material/ExpandLess';
import ExpandMore from '@mui/icons-material/ExpandMore';
import PeopleIcon from '@mui/icons-material/People';
import AssignmentIcon from '@mui/icons-material/Assignment';
import ClassIcon from '@mui/icons-material/Class';
import StorageIcon from '@mui/icons-material/Storage';
import SettingsIcon from '@mui/icons-material/Settings';
import ExtensionIcon from '@mui/icons-material/Extension';
import DescriptionIcon from '@mui/icons-material/Description';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import HowToRegIcon from '@mui/icons-material/HowToReg';
import ApiIcon from '@mui/icons-material/Api';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import EventNoteIcon from '@mui/icons-material/EventNote';
import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import TimelineIcon from '@mui/icons-material/Timeline';
import PaymentsIcon from '@mui/icons-material/Payments';
import { Menu as RaMenu, usePermissions, useSidebarState, useTranslate } from 'react-admin';
import { useLocale } from '../generated/fields';
import type { Metadata } from '../meta';
import { workflowScreens } from '../workflow/screens';

const SCREEN_ICONS: Record<string, ReactElement> = {
  'import/teachers': <UploadFileIcon />,
  delivery: <EventNoteIcon />,
  transcript: <ReceiptLongIcon />,
  'chongqing/stipends': <PaymentsIcon />,
  'zhejiang/periods': <TimelineIcon />,
};

/** Long names (plugin forms, screens) wrap instead of being cut off. */
const WRAP = { whiteSpace: 'normal', lineHeight: 1.35, py: 0.75, '& .MuiTypography-noWrap': { whiteSpace: 'normal' } } as const;

const GROUP_ICONS: Record<string, ReactElement> = {
  teachers: <PeopleIcon />,
  projects: <AssignmentIcon />,
  delivery: <ClassIcon />,
  reference: <StorageIcon />,
  system: <SettingsIcon />,
};

function Section({ title, icon, children, initiallyOpen = false, testId }: { title: string; icon: ReactElement; children: ReactElement[]; initiallyOpen?: boolean; testId: string }) {
  const [open, setOpen] = useState(initiallyOpen);
  const [sidebarOpen] = useSidebarState();
  if (!children.length) return null;
  return (
    <>
      <ListItemButton onClick={() => setOpen(!open)} dense data-testid={`menu-group-${testId}`} sx={{ color: 'text.secondary' }}>
        {!sidebarOpen && icon}
        {sidebarOpen && <ListItemText primary={title} slotProps={{ primary: { variant: 'body2', fontWeight: 600 } }} />}
        {sidebarOpen && (open ? <ExpandLess fontSize="small" /> : <ExpandMore fontSize="small" />)}
      </ListItemButton>
      <Collapse in={open} timeout="auto" unmountOnExit>
        <List disablePadding dense>
          {children}
        </List>
      </Collapse>
    </>
  );
}

/**
 * The menu, from adminMetadata: resource groups the caller's role may list, the review
 * screens whose mutations the role may call, and the region plugins' forms. A plugin's
 * section also lists its own screens and forms.
 */
export function Menu() {
  const { permissions: m } = usePermissions<Metadata>();
  const translate = useTranslate();
  const locale = useLocale();
  // The section of the page on screen starts open; the others start folded.
  const location = useLocation().pathname;
  const current = location.split('/')[1] ?? '';
  if (!m) return <RaMenu />;
  const lbl = (o: { labelZh: string; labelEn: string }) => (locale === 'en' ? o.labelEn : o.labelZh);
  const visible = m.resources.filter((r) => m.operations.has(`all${r.plural}`));
  const screens = workflowScreens.filter((s) => s.visible(m));
  return (
    <RaMenu>
      <RaMenu.DashboardItem primaryText={translate('app.menu.dashboard')} />
      <Section title={translate('app.menu.workflow')} icon={<FactCheckIcon />} testId="workflow" initiallyOpen>
        {screens.filter((s) => !s.group).map((s) => (
          <RaMenu.Item key={s.path} to={`/${s.path}`} primaryText={translate(s.titleKey)} leftIcon={SCREEN_ICONS[s.path] ?? <HowToRegIcon />} sx={WRAP} />
        ))}
      </Section>
      {m.groups.map((g) => {
        const plugin = g.name.startsWith('plugin:') ? g.name.slice('plugin:'.length) : null;
        const own = screens.filter((s) => s.group === g.name);
        const forms = plugin ? m.forms.filter((f) => f.plugin === plugin) : [];
        return (
          <Section
            key={g.name}
            title={lbl(g)}
            icon={GROUP_ICONS[g.name] ?? <ExtensionIcon />}
            testId={g.name}
            initiallyOpen={visible.some((r) => r.group === g.name && r.name === current) || own.some((s) => location.startsWith(`/${s.path}`))}
          >
            {[
              ...own.map((s) => (
                <RaMenu.Item key={s.path} to={`/${s.path}`} primaryText={translate(s.titleKey)} leftIcon={SCREEN_ICONS[s.path] ?? <HowToRegIcon />} sx={WRAP} />
              )),
              ...visible
                .filter((r) => r.group === g.name)
                .map((r) => <RaMenu.ResourceItem key={r.name} name={r.name} />),
              ...forms.map((f) => (
                <RaMenu.Item key={`form:${f.id}`} to={`/forms/${encodeURIComponent(f.id)}`} primaryText={locale === 'en' ? f.titleEn : f.titleZh} leftIcon={<DescriptionIcon />} sx={WRAP} />
              )),
            ]}
          </Section>
        );
      })}
      <Section title={translate('app.menu.forms')} icon={<DescriptionIcon />} testId="forms" initiallyOpen={current === 'forms'}>
        {m.forms.filter((f) => m.groups.some((g) => g.name === `plugin:${f.plugin}`)).map((f) => (
          <RaMenu.Item key={f.id} to={`/forms/${encodeURIComponent(f.id)}`} primaryText={locale === 'en' ? f.titleEn : f.titleZh} leftIcon={<DescriptionIcon />} sx={WRAP} />
        ))}
      </Section>
      {m.role === 'platform' && <RaMenu.Item to="/graphql" primaryText={translate('app.graphiql')} leftIcon={<ApiIcon />} onClick={(e: React.MouseEvent) => { e.preventDefault(); window.open('/graphql', '_blank'); }} />}
    </RaMenu>
  );
}
