"""Independent numpy/scipy recomputation (written for this repo, no package code) of the
event-study-toolkit statistics from returns_2019-12-23_2020-03-23.csv + events.csv.
Conventions as described in SOURCE.md. Usage: python verify_independent.py"""
import os
H=os.path.dirname(os.path.abspath(__file__))
import numpy as np, pandas as pd, json
from scipy import stats
d=pd.read_csv(os.path.join(H,'returns_2019-12-23_2020-03-23.csv')); ev=pd.read_csv(os.path.join(H,'events.csv'))
dates=sorted(d.date.unique()); est=dates[:50]; evt=dates[-2:]
res={}
for fid,g in d.groupby('subject_id'):
    g=g.set_index('date'); ge=g.loc[est]; gv=g.loc[evt]
    X=np.c_[np.ones(50),ge.vwretd]; b=np.linalg.lstsq(X,ge.ret_dlst_adj,rcond=None)[0]
    e=ge.ret_dlst_adj-X@b; s=np.sqrt((e**2).sum()/48)
    ar=gv.ret_dlst_adj-(b[0]+b[1]*gv.vwretd); car=ar.sum()
    res[fid]=dict(a=b[0],b=b[1],s=s,car=car,scar=car/(s*np.sqrt(2)),pos=(e>0).mean(),e=e.values/s)
r=pd.DataFrame(res).T; r=r.join(ev.set_index('subject_id'))
print('alpha1',r.a[1],'beta1',r.b[1],'sigma1',r.s[1])
N=len(r); print('car_t',stats.ttest_1samp(r.car.astype(float),0).statistic,'scar_t',stats.ttest_1samp(r.scar.astype(float),0).statistic)
print('tpatell',r.scar.mean()*np.sqrt(N)); p=r.pos.mean(); k=(r.car>0).sum()
print('gen_z',(k-N*p)/np.sqrt(N*p*(1-p)),'tsign',((k/N)-.5)/np.sqrt(.25/N))
r['scar_bmp']=(r.car/r.s)/r.scar.astype(float).std(ddof=1)
for grp,gg in r.groupby('CCAR'):
    U=[];V=0
    for fid,row in gg.iterrows():
        vals=np.r_[row.e,row.scar_bmp]; T=len(vals); rk=stats.rankdata(vals)
        U.append(rk[-1]/(T+1)-.5); V+=(T-1)/(T+1)
    n=len(gg); print('grank',grp,np.mean(U)/np.sqrt(V/(12*n*n)))
# rank-sum
rk=stats.rankdata(r.scar.astype(float)); m=r.CCAR==1; N1=m.sum(); N2=N-N1
print('wilcox',(rk[m].sum()-N1*(N+1)/2+0.5)/np.sqrt(N1*N2*(N+1)/12))
