import { createRouter, createWebHashHistory } from 'vue-router'

/**
 * Hash history: the build is plain static files that work under any intranet path and on any
 * static server without rewrite rules.
 */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'overview', component: () => import('../views/OverviewView.vue') },
    // The wall is a kiosk: no app header or footer around it.
    { path: '/wall', name: 'wall', component: () => import('../views/WallView.vue'), meta: { chrome: false } },
    { path: '/compare', name: 'compare', component: () => import('../views/CompareView.vue') },
    { path: '/data', name: 'data', component: () => import('../views/DataView.vue') },
  ],
})
