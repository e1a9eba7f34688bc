import type { Registry, Unit } from '../../src/registry/model.ts';
import type { RegistrySettings } from '../../src/schema/index.ts';

export const SETTINGS: RegistrySettings = {
  version: 1,
  title: 'Danh bạ thử nghiệm',
  root: 'ldld-kon-tum',
  directive: { number: '118/LĐLĐ', date: '2018-09-11', title: 'Văn bản thử nghiệm' },
  deadlines: { register: '2018-10-31', report: '2018-10-30' },
  follow: [
    { id: 'congdoankontum', name: 'Liên đoàn Lao động tỉnh Kon Tum', url: 'https://www.facebook.com/congdoankontum' },
    { id: 'congdoanvietnam', name: 'Tổng Liên đoàn Lao động Việt Nam', url: 'https://www.facebook.com/congdoanvietnam' },
    { id: 'tamsucongphan', name: 'Tâm sự công nhân', url: 'https://www.facebook.com/tamsucongphan' },
  ],
  levels: [
    { id: 'tinh', name: 'Liên đoàn Lao động tỉnh', requires: ['unit'] },
    { id: 'huyen', name: 'Liên đoàn Lao động huyện', under: ['tinh'], requires: ['unit'] },
    { id: 'cdcs', name: 'Công đoàn cơ sở', under: ['huyen'], requires: ['chair', 'group'] },
  ],
  privacy: { contacts: 'plaintext' },
};

const ALL = ['congdoankontum', 'congdoanvietnam', 'tamsucongphan'];

/** A small in-memory registry: province, two districts, three grassroots unions. */
export function makeRegistry(): Registry {
  const units: Unit[] = [
    {
      id: 'ldld-kon-tum',
      file: 'units/ldld-kon-tum.yaml',
      name: 'Liên đoàn Lao động tỉnh Kon Tum',
      level: 'tinh',
      accounts: [
        {
          role: 'unit',
          url: 'https://www.facebook.com/congdoankontum',
          name: 'congdoankontum',
          since: '2018-09-11',
          follows: ['congdoanvietnam', 'tamsucongphan'],
        },
      ],
    },
    {
      id: 'ldld-dak-ha',
      file: 'units/huyen/ldld-dak-ha.yaml',
      name: 'Liên đoàn Lao động huyện Đắk Hà',
      level: 'huyen',
      parent: 'ldld-kon-tum',
      accounts: [
        {
          role: 'unit',
          url: 'https://www.facebook.com/ldld.dakha.cu',
          name: 'LĐLĐ Đắk Hà (cũ)',
          since: '2018-09-20',
          until: '2021-05-01',
          follows: ALL,
        },
        { role: 'unit', url: 'https://www.facebook.com/ldld.dakha', name: 'LĐLĐ Đắk Hà', since: '2021-05-02', follows: ALL },
      ],
    },
    {
      id: 'ldld-sa-thay',
      file: 'units/huyen/ldld-sa-thay.yaml',
      name: 'Liên đoàn Lao động huyện Sa Thầy',
      level: 'huyen',
      parent: 'ldld-kon-tum',
    },
    {
      id: 'cdcs-mot',
      file: 'units/ldld-dak-ha/cdcs-mot.yaml',
      name: 'Công đoàn cơ sở Trường Một',
      level: 'cdcs',
      parent: 'ldld-dak-ha',
      accounts: [
        { role: 'chair', url: 'https://www.facebook.com/chu.tich.mot', name: 'Chủ tịch Một', since: '2018-10-01', follows: ALL },
        {
          role: 'group',
          url: 'https://www.facebook.com/groups/nhom.an.mot',
          name: 'Nhóm Một',
          visibility: 'hidden',
          since: '2018-10-02',
          follows: ALL,
        },
      ],
    },
    {
      id: 'cdcs-hai',
      file: 'units/ldld-dak-ha/cdcs-hai.yaml',
      name: 'Công đoàn cơ sở Công ty Hai',
      level: 'cdcs',
      parent: 'ldld-dak-ha',
      accounts: [
        {
          role: 'chair',
          url: 'https://www.facebook.com/chu.tich.hai',
          name: 'Chủ tịch Hai',
          since: '2018-12-01',
          follows: ['congdoankontum'],
        },
      ],
    },
    {
      id: 'cdcs-ba',
      file: 'units/ldld-sa-thay/cdcs-ba.yaml',
      name: 'Công đoàn cơ sở Hợp tác xã Ba',
      level: 'cdcs',
      parent: 'ldld-sa-thay',
      dissolved: '2025-07-01',
      accounts: [{ role: 'chair', url: 'https://www.facebook.com/chu.tich.ba', name: 'Chủ tịch Ba', since: '2018-10-05', follows: ALL }],
    },
  ];
  return {
    settings: SETTINGS,
    units,
    byId: new Map(units.map((u) => [u.id, u])),
    reported: [
      {
        url: 'https://www.facebook.com/congdoan.kontum.chinhthuc',
        impersonates: 'ldld-kon-tum',
        reported: '2019-03-02',
        note: 'Trang giả mạo',
      },
    ],
  };
}
